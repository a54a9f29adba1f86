import type { SoundCondition, VibrationCondition } from './synth/spec';

/**
 * What each condition a model can report means to a technician, in Korean and English, and what to
 * do about it. The names are written into the model manifest at training time (tools/
 * export-dataset.ts), so the manifest and the app cannot disagree about them.
 */
export interface Localized {
  ko: string;
  en: string;
}

export interface ConditionInfo {
  name: Localized;
  /** Recommendations when the condition is diagnosed, most urgent first. */
  recommendations: Localized[];
}

export const CONDITIONS: Record<SoundCondition | VibrationCondition, ConditionInfo> = {
  normal: {
    name: { ko: '정상', en: 'Normal' },
    recommendations: [
      { ko: '이상 징후가 없습니다. 이 기록을 이 설비의 기준(베이스라인)으로 저장해 두면 다음 점검 때 비교할 수 있습니다.', en: 'No sign of a fault. Keep this recording as the baseline of this machine to compare with at the next visit.' },
    ],
  },
  bearing_wear: {
    name: { ko: '베어링 마모', en: 'Bearing wear' },
    recommendations: [
      { ko: '압축기(또는 모터) 베어링 마모가 의심됩니다. 진동 센서로 같은 위치를 측정해 결함 주파수를 확인하세요.', en: 'Compressor (or motor) bearing wear is suspected. Measure vibration at the same spot to confirm the defect frequency.' },
      { ko: '운전 전류와 온도를 확인하고, 악화 추세를 보려면 2~4주 안에 다시 측정하세요.', en: 'Check running current and temperature; measure again within 2-4 weeks to see whether it is getting worse.' },
    ],
  },
  unbalance: {
    name: { ko: '불평형', en: 'Unbalance' },
    recommendations: [
      { ko: '회전 1차 성분이 강합니다. 팬·풀리·커플링의 오염, 파손, 고정 상태를 확인하세요.', en: 'The 1x running-speed component is strong. Check fans, pulleys and couplings for dirt, damage and loose fixing.' },
      { ko: '방진 고무와 설치 볼트를 점검하세요.', en: 'Inspect the anti-vibration mounts and the mounting bolts.' },
    ],
  },
  looseness: {
    name: { ko: '기계적 풀림', en: 'Mechanical looseness' },
    recommendations: [
      { ko: '고정 볼트, 방진 마운트, 배관 클램프, 패널의 풀림을 확인하고 조이세요.', en: 'Check and tighten mounting bolts, anti-vibration mounts, pipe clamps and panels.' },
      { ko: '배관이 구조물에 닿아 떨리는 곳이 없는지 확인하세요.', en: 'Look for pipes touching the frame and rattling.' },
    ],
  },
  valve_fault: {
    name: { ko: '밸브 누설·타격음', en: 'Valve leak or knock' },
    recommendations: [
      { ko: '흡입·토출 밸브(리드) 손상 또는 액백(리퀴드 슬러깅)이 의심됩니다. 흡입·토출 압력과 과열도를 측정하세요.', en: 'A damaged suction or discharge reed, or liquid slugging, is suspected. Measure suction and discharge pressure and superheat.' },
      { ko: '과열도가 낮으면 팽창밸브와 냉매 충전량을 확인하세요. 타격음이 계속되면 압축기 보호를 위해 운전을 줄이세요.', en: 'If superheat is low, check the expansion valve and the charge. If knocking continues, limit running to protect the compressor.' },
    ],
  },
  refrigerant_hiss: {
    name: { ko: '냉매 흐름 소음(누설 또는 냉매 부족)', en: 'Refrigerant hiss (leak or low charge)' },
    recommendations: [
      { ko: '냉매 누설 또는 냉매 부족이 의심됩니다. 누설 탐지기로 용접부·플레어 이음·서비스 밸브를 점검하세요.', en: 'A refrigerant leak or low charge is suspected. Check brazed joints, flare fittings and service valves with a leak detector.' },
      { ko: '과열도·과냉도와 사이트글라스 기포를 확인하세요.', en: 'Check superheat, subcooling and bubbles in the sight glass.' },
    ],
  },
  electrical_hum: {
    name: { ko: '전기적 험(모터 전기 이상)', en: 'Electrical hum (motor electrical fault)' },
    recommendations: [
      { ko: '전원 주파수 2배(120 Hz) 성분이 강합니다. 상별 전압·전류 불평형, 접촉기 접점, 단자 조임을 확인하세요.', en: 'The twice-line-frequency (120 Hz) component is strong. Check voltage and current balance between phases, contactor contacts and terminal tightness.' },
      { ko: '절연 저항을 측정하고, 권선 과열 흔적이 없는지 확인하세요.', en: 'Measure insulation resistance and look for signs of winding overheating.' },
    ],
  },
  inner_race: {
    name: { ko: '베어링 내륜 결함', en: 'Bearing inner-race defect' },
    recommendations: [
      { ko: '베어링 내륜 손상이 의심됩니다. 교체 부품을 준비하고 2주 안에 다시 측정해 진행을 확인하세요.', en: 'Inner-race damage is suspected. Get a replacement bearing ready and measure again within 2 weeks to follow its progress.' },
      { ko: '윤활 상태와 축 정렬을 확인하세요.', en: 'Check lubrication and shaft alignment.' },
    ],
  },
  outer_race: {
    name: { ko: '베어링 외륜 결함', en: 'Bearing outer-race defect' },
    recommendations: [
      { ko: '베어링 외륜 손상이 의심됩니다. 교체 부품을 준비하고 2주 안에 다시 측정해 진행을 확인하세요.', en: 'Outer-race damage is suspected. Get a replacement bearing ready and measure again within 2 weeks to follow its progress.' },
      { ko: '하우징 끼워맞춤과 윤활 상태를 확인하세요.', en: 'Check the housing fit and lubrication.' },
    ],
  },
  ball: {
    name: { ko: '베어링 볼(전동체) 결함', en: 'Bearing ball (rolling element) defect' },
    recommendations: [
      { ko: '전동체 손상이 의심됩니다. 이 유형은 측정마다 편차가 커서, 다른 날 다시 측정해 확인하세요.', en: 'Rolling-element damage is suspected. This kind varies a lot between measurements: confirm with another measurement on another day.' },
      { ko: '윤활 상태와 오염을 확인하세요.', en: 'Check lubrication and contamination.' },
    ],
  },
};

import { bearingEn, bearingKo } from '../../../../../shared/i18n/bearing';
import type { Localized, UncertainReason, UncertainReasonCode, UnavailableReason, UnavailableReasonCode } from '../../../../../shared/contract';

/** Why a result cannot be trusted or cannot be given, in words a technician can act on. */
const fmt = (v: number, digits = 1) => v.toFixed(digits);

export function uncertain(code: UncertainReasonCode, value: number | null = null, limit: number | null = null): UncertainReason {
  return { code, message: uncertainMessage(code, value, limit), value, limit };
}

function uncertainMessage(code: UncertainReasonCode, value: number | null, limit: number | null): Localized {
  switch (code) {
    case 'out_of_distribution':
      return {
        ko: '이 녹음은 모델이 학습한 압축기 소리·진동과 많이 다릅니다(다른 기계이거나 배경 소음만 녹음되었을 수 있습니다). 센서를 압축기 가까이 두고 다시 측정하세요.',
        en: 'This recording is unlike the compressor sounds or vibrations the model was trained on (another machine, or only background noise). Place the sensor close to the compressor and measure again.',
      };
    case 'ensemble_disagreement':
      return {
        ko: '모델 내부의 판단이 서로 엇갈립니다. 다시 측정해 확인하세요.',
        en: 'The models inside the ensemble disagree. Measure again to confirm.',
      };
    case 'low_confidence':
      return {
        ko: `가장 가능성 높은 상태의 확률이 ${fmt((value ?? 0) * 100, 0)}%로 기준(${fmt((limit ?? 0) * 100, 0)}%)보다 낮습니다.`,
        en: `The most likely condition has a probability of only ${fmt((value ?? 0) * 100, 0)} % (threshold ${fmt((limit ?? 0) * 100, 0)} %).`,
      };
    case 'too_short':
      return {
        ko: `녹음 길이가 ${fmt(value ?? 0)}초로 짧습니다. 회전 차수를 구분하려면 ${fmt(limit ?? 0)}초 이상, 가능하면 10초 이상 녹음하세요.`,
        en: `The recording lasts ${fmt(value ?? 0)} s. Separating shaft orders needs ${fmt(limit ?? 0)} s or more; record 10 s or more if you can.`,
      };
    case 'too_noisy':
      return {
        ko: '배경 소음 속에서 기계의 회전 속도를 찾지 못했습니다. 센서를 압축기 몸체에 더 가까이 두고, 주변 소음이 적을 때 다시 측정하세요.',
        en: "The machine's running speed could not be found above the background noise. Move the sensor closer to the compressor body and measure again when it is quieter.",
      };
    case 'clipped':
      return {
        ko: `신호의 ${fmt((value ?? 0) * 100, 2)}%가 잘렸습니다(클리핑). 마이크 감도(게인)를 낮추거나 거리를 조금 두고 다시 녹음하세요.`,
        en: `${fmt((value ?? 0) * 100, 2)} % of the signal is clipped. Lower the microphone gain or step back a little and record again.`,
      };
    case 'decimated_rate':
      return {
        ko: `샘플링 속도(${fmt(value ?? 0, 0)} Hz)가 낮아 ${fmt((value ?? 0) / 2000, 1)} kHz 이상의 성분(베어링 공진, 냉매 소음)이 빠져 있습니다.`,
        en: `The sample rate (${fmt(value ?? 0, 0)} Hz) leaves out everything above ${fmt((value ?? 0) / 2000, 1)} kHz (bearing resonances, refrigerant hiss).`,
      };
    case 'bearing_assumed':
      return {
        ko: '베어링 형번이 주어지지 않아, 모델이 학습한 베어링(SKF 6205)의 결함 주파수를 가정했습니다. 베어링 형번이나 치수를 입력하면 더 정확합니다.',
        en: 'No bearing was given, so the defect frequencies of the model\'s training bearing (SKF 6205) were assumed. Give the bearing designation or geometry for a sound result.',
      };
    case 'bearing_approximate':
      return {
        ko: '베어링 형번의 내부 치수(볼 수, 볼 지름)는 공개된 값이 아니라 외형 치수로 추정한 값입니다. 결함 주파수가 10% 정도 어긋날 수 있습니다. 제조사 자료의 볼 수와 볼 지름을 알면 직접 입력하세요.',
        en: "The bearing's inner geometry (number and size of balls or rollers) is estimated from its outside dimensions, not published: its defect frequencies may be off by about 10 %. Give the maker's figures for a sound result.",
      };
    case 'no_machine':
      return {
        ko: '녹음에서 돌아가는 기계의 일정한 소리(회전 성분, 전원 험)를 찾지 못했습니다. 잡음만 녹음된 것 같습니다. 센서를 기계에 가까이 두고 기계가 돌 때 다시 측정하세요.',
        en: 'No steady tone of a running machine (shaft orders, mains hum) was found: the recording seems to hold only noise. Put the sensor close to the machine and measure again while it runs.',
      };
    case 'speed_out_of_range':
      return {
        ko: `회전 속도 ${fmt(value ?? 0, 1)} Hz는 모델이 학습한 범위(${fmt(limit ?? 0, 0)} Hz 부근) 밖이라 고장을 판정하지 않았습니다.`,
        en: `The running speed, ${fmt(value ?? 0, 1)} Hz, is outside the speeds the model was trained on (around ${fmt(limit ?? 0, 0)} Hz), so no fault is named.`,
      };
    case 'rate_not_bearing':
      return {
        ko: `고주파 충격이 회전당 ${fmt(value ?? 0, 2)}번 반복됩니다. 구름 베어링의 결함은 회전당 약 ${fmt(limit ?? 0, 1)}번 이상 반복되므로(외륜·내륜·볼 결함 주파수), 이 리듬은 베어링보다 매미, 팬, 다른 기계에서 왔을 가능성이 큽니다.`,
        en: `The high-frequency impacts repeat ${fmt(value ?? 0, 2)} times per turn. A rolling bearing's defects repeat about ${fmt(limit ?? 0, 1)} times per turn or more (outer race, inner race, ball), so this rhythm more likely comes from cicadas, a fan or another machine than from a bearing.`,
      };
    case 'unbalance_from_sound':
      return {
        ko: '소리에서 1x(한 바퀴에 한 번) 성분이 두드러지지만, 소리만으로는 불평형이라고 확정할 수 없습니다. 로터리 압축기는 편심 롤러 때문에 정상일 때도 1x가 강하고, 기계실의 공진이 1x를 키우기도 합니다. 압축기 몸체의 진동(1x 진동 속도)을 측정하거나 이 설비의 정상 녹음과 비교하세요.',
        en: 'The once-per-turn (1x) tone stands out in the sound, but sound alone cannot confirm unbalance: a rotary compressor’s eccentric roller makes its 1x strong when healthy, and a room resonance can raise it. Measure vibration on the compressor body (1x velocity) or compare with this machine’s healthy recording.',
      };
    case 'louder_machine_elsewhere':
      return {
        ko: `이 녹음에서 가장 두드러진 기계는 ${fmt(value ?? 0, 1)} Hz로 돌고 있습니다. 모델이 학습한 속도(${fmt(limit ?? 0, 0)} Hz 부근)가 아니고, 그 부근에서 찾은 성분은 다른 기계(팬, 펌프, 옆 설비)의 것일 수 있어 고장을 판정하지 않았습니다.`,
        en: `The machine that stands out most in this recording turns at ${fmt(value ?? 0, 1)} Hz, not at a speed the model was trained on (around ${fmt(limit ?? 0, 0)} Hz); the orders found near that speed may belong to another machine (a fan, a pump, the next unit), so no fault is named.`,
      };
    case 'kind_assumed_sound':
      return {
        ko: '파일에 소리인지 진동인지 적혀 있지 않습니다(오디오 샘플링 속도의 실수형 데이터). 값이 오디오 범위(±1) 안에 있어 소리로 분석했습니다. 가속도계 파일이면 진동으로 다시 분석하세요.',
        en: `The file does not say whether it holds sound or vibration (floating-point samples at an audio rate). Its values stay within audio full scale (peak ${fmt(value ?? 0, 3)}), so it was analysed as sound. If it comes from an accelerometer, analyse it as vibration.`,
      };
    case 'kind_assumed_vibration':
      return {
        ko: `파일에 소리인지 진동인지 적혀 있지 않습니다(오디오 샘플링 속도의 실수형 데이터). 값이 오디오 범위(±1)를 넘어(최대 ${fmt(value ?? 0, 2)}) 가속도(g)로 보고 진동으로 분석했습니다. 소리 파일이면 소리로 다시 분석하세요.`,
        en: `The file does not say whether it holds sound or vibration (floating-point samples at an audio rate). Its values go beyond audio full scale (peak ${fmt(value ?? 0, 2)}), as acceleration in g does, so it was analysed as vibration. If it is a sound file, analyse it as sound.`,
      };
    case 'tones_unclear':
    case 'tones_disagree':
      return { ko: bearingKo.reasons[code], en: bearingEn.reasons[code] };
    case 'speed_mismatch':
      return {
        ko: `입력된 회전 속도와 측정된 회전 속도(${fmt(value ?? 0, 1)} Hz)가 많이 다릅니다(입력값 ${fmt(limit ?? 0, 1)} Hz). 측정값을 사용했습니다. 명판이나 인버터 설정을 확인하세요.`,
        en: `The running speed given (${fmt(limit ?? 0, 1)} Hz) is far from the one measured (${fmt(value ?? 0, 1)} Hz); the measured one was used. Check the nameplate or the inverter setting.`,
      };
  }
}

export function unavailable(code: UnavailableReasonCode, detailEn: string): UnavailableReason {
  const ko: Record<UnavailableReasonCode, string> = {
    no_model: '진단 모델이 설치되어 있지 않습니다. 녹음은 저장되지만 진단할 수 없습니다.',
    model_invalid: '설치된 진단 모델이 손상되었거나 이 앱 버전과 맞지 않아 사용하지 않았습니다. 앱을 다시 설치하세요.',
    model_failed: '진단 모델 실행 중 오류가 발생했습니다. 진단 결과를 만들지 않았습니다.',
    too_short: '녹음이 너무 짧아 진단할 수 없습니다. 10초 이상 다시 녹음하세요.',
    silent: '녹음에 신호가 없습니다. 마이크나 센서 연결을 확인하세요.',
    rate_too_low: '샘플링 속도가 너무 낮아 진단할 수 없습니다.',
    unsupported_signal: '이 파일은 소리나 진동 파형이 아니어서 진단할 수 없습니다.',
  };
  return { code, message: { ko: ko[code], en: detailEn } };
}

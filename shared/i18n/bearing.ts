/**
 * What the bearing tone rules say (electron/node/features/diagnosis/engine/bearing-rules.ts): the band the
 * impacts ring in, each bearing part's repeat rate with its harmonics and side tones, and how the
 * measurement and the model were reconciled. English first; Korean below is checked against it.
 */
export const bearingEn = {
  band: 'The impacts ring most clearly between {{lo}} and {{hi}} kHz (centre {{centre}} kHz, {{width}} kHz wide; impulsiveness {{kurtosis}}, plain noise gives 0): the bearing was checked in this band.',
  tone: {
    outer_race: {
      found: 'Outer ring rate {{hz}} Hz ({{order}}× the rotation): {{found}} of {{count}} repeats stand out, the strongest {{db}} dB above the surrounding vibration.',
      none: 'Outer ring rate {{hz}} Hz ({{order}}× the rotation): does not stand out.',
    },
    inner_race: {
      found: 'Inner ring rate {{hz}} Hz ({{order}}× the rotation): {{found}} of {{count}} repeats stand out, the strongest {{db}} dB above the surrounding vibration; {{sidebands}} of them with once-per-turn side tones ({{side}} Hz apart).',
      none: 'Inner ring rate {{hz}} Hz ({{order}}× the rotation): does not stand out.',
    },
    ball: {
      found: 'Ball rate {{hz}} Hz (twice the ball spin, {{order}}× the rotation): {{found}} of {{count}} repeats stand out, the strongest {{db}} dB above the surrounding vibration; {{sidebands}} of them with cage-rate side tones ({{side}} Hz apart).',
      none: 'Ball rate {{hz}} Hz (twice the ball spin, {{order}}× the rotation): does not stand out.',
    },
  },
  decision: {
    agree: 'The repeats measured and the model agree: {{condition}}.',
    agreeNormal: 'No bearing defect rate stands out clearly, as expected of a healthy bearing.',
    follow: 'The model leaned to {{model}} ({{percent}} %), but the repeats measured point clearly to {{tones}}: the result follows the measurement.',
    disagree: 'The model leans to {{model}} ({{percent}} %), the repeats measured to {{tones}}: neither is clear enough to decide.',
    unclear: 'No bearing defect rate stands out clearly with its repeats or side tones: this recording does not show which part of the bearing is damaged. The model’s {{model}} ({{percent}} %) is not confirmed.',
  },
  reasons: {
    tones_unclear: 'No bearing defect rate stands out clearly with its repeats or side tones, so which part of the bearing is damaged cannot be told from this recording. Record again for 30 s with the sensor on the bearing housing, as close to the bearing as you can.',
    tones_disagree: 'The model and the repeats measured in the vibration point to different parts of the bearing. Record again for 30 s on the bearing housing, and check the bearing type and running speed entered.',
  },
};

type Texts<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const bearingKo: Texts<typeof bearingEn> = {
  band: '충격이 {{lo}}-{{hi}} kHz 대역(중심 {{centre}} kHz, 폭 {{width}} kHz)에서 가장 뚜렷하게 울립니다(충격성 {{kurtosis}}, 잡음만 있으면 0). 베어링은 이 대역에서 확인했습니다.',
  tone: {
    outer_race: {
      found: '외륜 결함 주기 {{hz}} Hz(회전의 {{order}}배): 반복 성분 {{count}}개 중 {{found}}개가 두드러지고, 가장 강한 것은 주변 진동보다 {{db}} dB 높습니다.',
      none: '외륜 결함 주기 {{hz}} Hz(회전의 {{order}}배): 두드러지지 않습니다.',
    },
    inner_race: {
      found: '내륜 결함 주기 {{hz}} Hz(회전의 {{order}}배): 반복 성분 {{count}}개 중 {{found}}개가 두드러지고, 가장 강한 것은 주변 진동보다 {{db}} dB 높습니다. 그중 {{sidebands}}개 옆에 회전 주기의 측대파({{side}} Hz 간격)가 있습니다.',
      none: '내륜 결함 주기 {{hz}} Hz(회전의 {{order}}배): 두드러지지 않습니다.',
    },
    ball: {
      found: '볼 결함 주기 {{hz}} Hz(볼 자전의 2배, 회전의 {{order}}배): 반복 성분 {{count}}개 중 {{found}}개가 두드러지고, 가장 강한 것은 주변 진동보다 {{db}} dB 높습니다. 그중 {{sidebands}}개 옆에 케이지 주기의 측대파({{side}} Hz 간격)가 있습니다.',
      none: '볼 결함 주기 {{hz}} Hz(볼 자전의 2배, 회전의 {{order}}배): 두드러지지 않습니다.',
    },
  },
  decision: {
    agree: '측정된 반복 주기와 모델의 판단이 같습니다: {{condition}}.',
    agreeNormal: '뚜렷하게 두드러지는 베어링 결함 주기가 없습니다. 건강한 베어링에서 예상되는 모습입니다.',
    follow: '모델은 {{model}}({{percent}}%) 쪽이었지만, 측정된 반복 주기가 뚜렷하게 {{tones}} 쪽을 가리켜 측정 결과를 따랐습니다.',
    disagree: '모델은 {{model}}({{percent}}%), 측정된 반복 주기는 {{tones}} 쪽을 가리킵니다. 어느 쪽도 결정할 만큼 뚜렷하지 않습니다.',
    unclear: '반복 성분이나 측대파와 함께 뚜렷하게 두드러지는 베어링 결함 주기가 없어, 이 녹음으로는 베어링의 어느 부분이 손상되었는지 알 수 없습니다. 모델의 {{model}}({{percent}}%) 판단은 확인되지 않았습니다.',
  },
  reasons: {
    tones_unclear: '반복 성분이나 측대파와 함께 뚜렷하게 두드러지는 베어링 결함 주기가 없어, 이 녹음으로는 베어링의 어느 부분이 손상되었는지 알 수 없습니다. 센서를 베어링 하우징에 최대한 가깝게 붙이고 30초 동안 다시 녹음하세요.',
    tones_disagree: '모델과 진동에서 측정된 반복 주기가 서로 다른 베어링 부분을 가리킵니다. 베어링 하우징에서 30초 동안 다시 녹음하고, 입력한 베어링 형번과 회전 속도를 확인하세요.',
  },
};

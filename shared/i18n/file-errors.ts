/**
 * Why a file could not be imported, in the UI's words, by the reason code the back end sends with
 * an `invalid_file` error (`reason`, electron/node/platform/audio/errors.ts) and the file's name (`file`).
 * English first; Korean below is checked against it.
 */
export const fileErrorsEn = {
  not_wav: '{{file}} is not a WAV sound file. Export it as WAV, or pick the right file.',
  not_flac: '{{file}} is not a FLAC sound file. Pick the right file, or export it as FLAC or WAV.',
  not_csv: '{{file}} cannot be read as a table (CSV). Check that it is comma-separated text with one header row.',
  unsupported_type: '{{file}} is not a kind of file this app reads. Use WAV or FLAC for sound and vibration, CSV for readings.',
  missing: '{{file}} cannot be found or opened. Check where it is and try again.',
  too_large: '{{file}} is too large to import at once. Split it into smaller files.',
  damaged: '{{file}} is damaged or incomplete. Copy it again from where it came from.',
  empty: '{{file}} has nothing in it to import. Record or export it again.',
  csv_time: '{{file}} has no usable time column. Add a time column, or give the sample rate.',
  csv_number: '{{file}} has a value that is not a number. Fix or remove that line.',
  unsupported_format: '{{file}} is in a form this app cannot read. Export it again as 16-bit WAV.',
  unreadable: '{{file}} cannot be used. Export it again as WAV, FLAC or CSV.',
};

export const fileErrorsKo: { -readonly [K in keyof typeof fileErrorsEn]: string } = {
  not_wav: '{{file}} 파일은 WAV 소리 파일이 아닙니다. WAV로 저장하거나 맞는 파일을 고르세요.',
  not_flac: '{{file}} 파일은 FLAC 소리 파일이 아닙니다. 맞는 파일을 고르거나 FLAC 또는 WAV로 저장하세요.',
  not_csv: '{{file}} 파일을 표(CSV)로 읽을 수 없습니다. 쉼표로 구분된 글이고 맨 위에 제목 줄이 하나 있는지 확인하세요.',
  unsupported_type: '{{file}} 파일은 이 앱이 읽는 종류가 아닙니다. 소리와 진동은 WAV나 FLAC, 측정값은 CSV를 쓰세요.',
  missing: '{{file}} 파일을 찾거나 열 수 없습니다. 위치를 확인하고 다시 시도하세요.',
  too_large: '{{file}} 파일이 너무 커서 한 번에 가져올 수 없습니다. 작은 파일 여러 개로 나누세요.',
  damaged: '{{file}} 파일이 손상되었거나 일부만 있습니다. 원래 있던 곳에서 다시 복사하세요.',
  empty: '{{file}} 파일에 가져올 내용이 없습니다. 다시 녹음하거나 다시 저장하세요.',
  csv_time: '{{file}} 파일에 쓸 수 있는 시간 열이 없습니다. 시간 열을 추가하거나 샘플링 속도를 입력하세요.',
  csv_number: '{{file}} 파일에 숫자가 아닌 값이 있습니다. 그 줄을 고치거나 지우세요.',
  unsupported_format: '{{file}} 파일은 이 앱이 읽을 수 없는 형식입니다. 16비트 WAV로 다시 저장하세요.',
  unreadable: '{{file}} 파일을 쓸 수 없습니다. WAV, FLAC 또는 CSV로 다시 저장하세요.',
};

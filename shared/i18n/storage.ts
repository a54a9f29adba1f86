/**
 * UI text of start-up data safety (issue 14): the repair notice, the quarantine list on the About
 * page, and the refusal of a damaged database. English first; Korean below is typed against it.
 */
export const storageEn = {
  repair: {
    missing: 'The database file was missing, so its index was rebuilt from the recordings: {{reattached}} recordings in {{sessions}} visits were re-attached.',
    empty: 'The database file was empty, so its index was rebuilt from the recordings: {{reattached}} recordings in {{sessions}} visits were re-attached.',
    ok: '{{reattached}} recordings the database did not list were re-attached from their files.',
    quarantined: '{{count}} files could not be re-attached. They are kept unchanged in the quarantine folder (see About).',
  },
  quarantine: {
    title: 'Quarantined files',
    intro: 'Files found in the data folder that no visit could take back. They are kept byte for byte in {{dir}}; nothing was deleted.',
    empty: 'No quarantined files.',
    file: 'File',
    size: 'Size',
  },
  refusal: {
    title: 'SignalCraft Field cannot start',
    corrupt:
      'The database is damaged. It was not changed and nothing more will be written to it. Close the app and run {{command}}: the damaged file is kept aside, everything that can be read is copied into a new database, and the recordings are re-attached from their files.',
  },
};

type Texts<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const storageKo: Texts<typeof storageEn> = {
  repair: {
    missing: '데이터베이스 파일이 없어서 녹음 파일로 목록을 다시 만들었습니다. 방문 {{sessions}}건의 녹음 {{reattached}}개를 되찾았습니다.',
    empty: '데이터베이스 파일이 비어 있어서 녹음 파일로 목록을 다시 만들었습니다. 방문 {{sessions}}건의 녹음 {{reattached}}개를 되찾았습니다.',
    ok: '데이터베이스 목록에 없던 녹음 {{reattached}}개를 파일에서 다시 연결했습니다.',
    quarantined: '다시 연결하지 못한 파일 {{count}}개는 격리 폴더에 그대로 보관했습니다(정보 화면 참고).',
  },
  quarantine: {
    title: '격리된 파일',
    intro: '데이터 폴더에서 찾았지만 어느 방문에도 연결하지 못한 파일입니다. {{dir}} 폴더에 원본 그대로 보관되어 있고, 지운 파일은 없습니다.',
    empty: '격리된 파일이 없습니다.',
    file: '파일',
    size: '크기',
  },
  refusal: {
    title: 'SignalCraft Field를 시작할 수 없습니다',
    corrupt:
      '데이터베이스가 손상되었습니다. 파일은 바뀌지 않았고 더 이상 기록하지 않습니다. 앱을 닫고 {{command}} 명령을 실행하세요. 손상된 파일은 따로 보관하고, 읽을 수 있는 내용은 모두 새 데이터베이스로 옮기며, 녹음은 파일에서 다시 연결합니다.',
  },
};

export * from './constants';
export * from './decoder';
export * from './encoder';
export * from './legacy-json';
export * from './messages';

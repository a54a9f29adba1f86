import { method, NoParams } from './define';
import { AppInfo, HealthReport } from './health';
import { Settings, SettingsPatch } from './settings';

export const appMethods = {
  'app.info': method(NoParams, AppInfo),
  'health.get': method(NoParams, HealthReport),
  'settings.get': method(NoParams, Settings),
  'settings.update': method(SettingsPatch, Settings),
};

export const appEvents = {
  'settings.changed': Settings,
};

import { AppError } from '../../../../shared/contract/errors';
import type { ProvisionSensorParams, SensorBoardInfo } from '../../../../shared/contract/sensors';
import type { LinkSession } from './link/session';
import { AckStatus } from './protocol/constants';
import { InfoFlag, type InfoMessage } from './protocol/provisioning-messages';

/**
 * Provisioning a sensor over its USB link: its name and the site's Wi-Fi. The credentials go to
 * the sensor in one SET_WIFI command and nowhere else: they are never logged (the parameters are
 * flat, so the log redaction of `password` covers them), never stored by the app, and the sensor
 * never sends them back (INFO says only whether a network is set).
 */

const COMMAND_TIMEOUT_MS = 3000;

export async function readBoardInfo(session: LinkSession, deviceId: string): Promise<SensorBoardInfo> {
  session.lastInfo = null;
  const ack = await session.command({ op: 'info' }, COMMAND_TIMEOUT_MS).catch((error: Error) => {
    throw new AppError('unavailable', `Sensor ${deviceId} did not answer: ${error.message}. Check its cable and try again.`);
  });
  const info = session.lastInfo as InfoMessage | null;
  if (ack.status === AckStatus.UNKNOWN_COMMAND || !info) {
    throw new AppError('unavailable', `Sensor ${deviceId} runs firmware that cannot be set up from the app. Update its firmware first.`);
  }
  return toBoardInfo(deviceId, info, session.link.transport === 'serial');
}

export async function provisionSensor(session: LinkSession, params: ProvisionSensorParams): Promise<SensorBoardInfo> {
  const deviceId = params.deviceId;
  if (session.link.transport !== 'serial') {
    throw new AppError('conflict', `Sensor ${deviceId} is connected over the network. Connect it with a USB cable to set its name or Wi-Fi.`);
  }
  if (params.name !== undefined) await expectOk(session, { op: 'set-name', name: params.name }, deviceId, 'name');
  if (params.forgetWifi) await expectOk(session, { op: 'set-wifi', ssid: '', password: '' }, deviceId, 'ssid');
  else if (params.ssid !== undefined) await expectOk(session, { op: 'set-wifi', ssid: params.ssid, password: params.password ?? '' }, deviceId, 'ssid');
  return readBoardInfo(session, deviceId);
}

async function expectOk(
  session: LinkSession,
  command: { op: 'set-name'; name: string } | { op: 'set-wifi'; ssid: string; password: string },
  deviceId: string,
  field: string,
): Promise<void> {
  const what = command.op === 'set-name' ? 'name' : 'Wi-Fi settings';
  const ack = await session.command(command, COMMAND_TIMEOUT_MS).catch((error: Error) => {
    // The error names the command, never its arguments.
    throw new AppError('unavailable', `Sensor ${deviceId} did not confirm the new ${what}: ${error.message}. Try again.`);
  });
  switch (ack.status) {
    case AckStatus.OK:
      return;
    case AckStatus.BAD_ARGUMENTS:
      throw new AppError('invalid_params', `Sensor ${deviceId} refused the ${what}: check the lengths and characters and try again.`, field);
    case AckStatus.NOT_ALLOWED:
      throw new AppError('conflict', `Sensor ${deviceId} accepts a new ${what} only over USB.`);
    case AckStatus.UNKNOWN_COMMAND:
      throw new AppError('unavailable', `Sensor ${deviceId} runs firmware that cannot be set up from the app. Update its firmware first.`);
    default:
      throw new AppError('unavailable', `Sensor ${deviceId} could not store the ${what} (status ${ack.status}). Try again; if it keeps failing, its flash may be worn.`);
  }
}

function toBoardInfo(deviceId: string, info: InfoMessage, overUsb: boolean): SensorBoardInfo {
  return {
    deviceId,
    name: info.name,
    firmwareVersion: info.firmwareVersion,
    model: info.model,
    chip: info.chip,
    idfVersion: info.idfVersion,
    mac: info.mac,
    flashBytes: info.flashBytes,
    ip: info.ip,
    apSsid: info.apSsid,
    wifiConfigured: (info.flags & InfoFlag.WIFI_CONFIGURED) !== 0,
    wifiConnected: (info.flags & InfoFlag.WIFI_CONNECTED) !== 0,
    apActive: (info.flags & InfoFlag.AP_ACTIVE) !== 0,
    canProvision: overUsb,
  };
}

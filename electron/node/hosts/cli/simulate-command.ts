import readline from 'node:readline';
import { Command, InvalidArgumentError } from 'commander';
import { simulatorPortDir } from '../../features/sensors';
import { MACHINE_CONDITIONS, type MachineCondition, parseMachineCondition } from '../../features/sensors';
import { type RunningSimulator, startSimulator } from '../../features/sensors';
import { normaliseRefrigerant, REFRIGERANTS, type Refrigerant } from '../../../../shared/contract/refrigerants';
import { parsePort } from './options';

const fraction = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('must be a number from 0 to 1.');
  return n;
};
const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number above 0.');
  return n;
};
const conditionArg = (value: string): MachineCondition => {
  const condition = parseMachineCondition(value);
  if (!condition) throw new InvalidArgumentError(`must be one of ${MACHINE_CONDITIONS.join(', ')}.`);
  return condition;
};
const refrigerantArg = (value: string): Refrigerant => {
  const r = normaliseRefrigerant(value);
  if (!r) throw new InvalidArgumentError(`must be one of ${REFRIGERANTS.join(', ')}.`);
  return r;
};
const celsius = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < -60 || n > 80) throw new InvalidArgumentError('must be a temperature from -60 to 80 °C.');
  return n;
};
const signed = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || Math.abs(n) > 100_000) throw new InvalidArgumentError('must be a number of ppm (-100000 to 100000).');
  return n;
};

interface SimulateOptions {
  serial: boolean;
  tcp?: number | true;
  mdns: boolean;
  host: string;
  deviceId?: string;
  condition: MachineCondition;
  dropRate: number;
  corruptRate: number;
  clockDrift: number;
  stallEvery?: number;
  stallFor: number;
  disconnectEvery?: number;
  disconnectFor: number;
  rebootEvery?: number;
  portDir?: string;
  refrigerant?: Refrigerant;
  evaporating: number;
  condensing: number;
  superheat: number;
}

const HELP = `Commands while it runs:
  disconnect [ms]   pull the cable / drop Wi-Fi (back after ms, if given)
  reconnect         plug it back
  reboot            restart the sensor (sequence numbers and clock from zero)
  stall [ms]        block the sensor's loop (default 2000 ms): samples taken meanwhile are lost
  condition <name>  ${MACHINE_CONDITIONS.join(', ')}
  drop <fraction>   drop this fraction of frames;  corrupt <fraction>: flip a bit in this fraction
  status            what the sensor has sent so far
  quit`;

/** `signalcraft-field simulate`: a sensor for demos, training and tests, with faults on demand. */
export function simulateCommand(): Command {
  return new Command('simulate')
    .description('run a simulated SignalCraft sensor on a serial pseudo-terminal and/or TCP (advertised on mDNS)')
    .option('--serial', 'simulate a USB serial sensor on a pseudo-terminal (needs socat)', false)
    .option('--tcp [port]', 'listen on TCP (default: any free port); the default when --serial is not given', parsePort)
    .option('--no-mdns', 'do not advertise the TCP sensor on mDNS')
    .option('--host <address>', 'address to listen on for TCP', '0.0.0.0')
    .option('--device-id <id>', 'the sensor id (default: sim-<random>)')
    .option('--condition <name>', `machine condition to imitate: ${MACHINE_CONDITIONS.join(', ')}`, conditionArg, 'healthy')
    .option('--drop-rate <fraction>', 'fraction of frames the sensor drops', fraction, 0)
    .option('--corrupt-rate <fraction>', 'fraction of frames sent with a flipped bit', fraction, 0)
    .option('--clock-drift <ppm>', "how fast (+) or slow (-) the sensor's clock runs", signed, 0)
    .option('--stall-every <seconds>', 'stall the sensor periodically', positive)
    .option('--stall-for <ms>', 'length of each stall', positive, 2000)
    .option('--disconnect-every <seconds>', 'pull the cable periodically', positive)
    .option('--disconnect-for <ms>', 'how long the cable stays out', positive, 3000)
    .option('--reboot-every <seconds>', 'reboot the sensor periodically', positive)
    .option('--refrigerant <name>', `fit suction and discharge pressure transducers on a unit running this refrigerant: ${REFRIGERANTS.join(', ')}`, refrigerantArg)
    .option('--evaporating <°C>', 'with --refrigerant: evaporating temperature', celsius, 5)
    .option('--condensing <°C>', 'with --refrigerant: condensing temperature', celsius, 40)
    .option('--superheat <K>', 'with --refrigerant: suction-line superheat (the temperature probe sits on the suction line)', positive, 8)
    .option('--port-dir <dir>', "folder for the serial pty link (default: the app's simulator folder, or $SIGNALCRAFT_SIM_PORT_DIR)")
    .addHelpText('after', `\n${HELP}`)
    .action(async (opts: SimulateOptions) => {
      const useTcp = opts.tcp !== undefined || !opts.serial;
      const sim = await startSimulator({
        ...(opts.deviceId ? { deviceId: opts.deviceId } : {}),
        condition: opts.condition,
        serialDir: opts.serial ? (opts.portDir ?? simulatorPortDir()) : null,
        tcp: useTcp ? { port: typeof opts.tcp === 'number' ? opts.tcp : 0, host: opts.host, mdns: opts.mdns } : null,
        faults: { dropRate: opts.dropRate, corruptRate: opts.corruptRate },
        sensor: {
          clockDriftPpm: opts.clockDrift,
          ...(opts.refrigerant
            ? { transducers: { refrigerant: opts.refrigerant, evaporatingC: opts.evaporating, condensingC: opts.condensing, superheatK: opts.superheat, noiseKpa: 4 } }
            : {}),
        },
        schedule: {
          ...(opts.stallEvery ? { stallEveryS: opts.stallEvery, stallForMs: opts.stallFor } : {}),
          ...(opts.disconnectEvery ? { disconnectEveryS: opts.disconnectEvery, disconnectForMs: opts.disconnectFor } : {}),
          ...(opts.rebootEvery ? { rebootEveryS: opts.rebootEvery } : {}),
        },
      });
      const lines = [`Simulated sensor ${sim.deviceId}: ${sim.source.description}`];
      if (sim.serialPath) lines.push(`  serial: ${sim.serialPath}`);
      if (opts.refrigerant) lines.push(`  transducers: ${opts.refrigerant}, evaporating ${opts.evaporating} °C, condensing ${opts.condensing} °C, superheat ${opts.superheat} K`);
      if (sim.tcpPort !== null) lines.push(`  tcp:    ${opts.host}:${sim.tcpPort}${opts.mdns ? ' (advertised on mDNS as _signalcraft._tcp)' : ''}`);
      lines.push('Type "help" for fault commands; Ctrl+C to stop.');
      process.stdout.write(`${lines.join('\n')}\n`);

      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        await sim.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      process.once('exit', () => sim.killNow());
      if (!process.stdin.isTTY && process.stdin.readableEnded) return;
      const rl = readline.createInterface({ input: process.stdin, terminal: false });
      rl.on('line', (line) => void runLine(sim, line.trim(), stop));
    });
}

async function runLine(sim: RunningSimulator, line: string, stop: () => Promise<void>): Promise<void> {
  const [command, arg] = line.split(/\s+/);
  const say = (text: string): void => {
    process.stdout.write(`${text}\n`);
  };
  const ms = (fallback: number) => (arg !== undefined && Number(arg) > 0 ? Number(arg) : fallback);
  switch (command) {
    case '':
    case undefined:
      return;
    case 'help':
      return say(HELP);
    case 'disconnect':
      await sim.disconnect(arg !== undefined ? ms(3000) : undefined);
      return say(arg !== undefined ? `disconnected for ${ms(3000)} ms` : 'disconnected ("reconnect" to plug back)');
    case 'reconnect':
      await sim.reconnect();
      return say('connected');
    case 'reboot':
      sim.reboot();
      return say('rebooted');
    case 'stall':
      sim.stall(ms(2000));
      return say(`stalled for ${ms(2000)} ms`);
    case 'condition': {
      const condition = parseMachineCondition(arg ?? '');
      if (!condition) return say(`conditions: ${MACHINE_CONDITIONS.join(', ')}`);
      sim.setCondition(condition);
      return say(`condition: ${condition}`);
    }
    case 'drop':
    case 'corrupt': {
      const value = Number(arg);
      if (!(value >= 0 && value <= 1)) return say('give a fraction from 0 to 1');
      if (command === 'drop') sim.sensor.faults.dropRate = value;
      else sim.sensor.faults.corruptRate = value;
      return say(`${command} rate: ${value}`);
    }
    case 'status':
      return say(JSON.stringify(sim.sensor.stats));
    case 'quit':
    case 'exit':
      return stop();
    default:
      return say(`unknown command "${command}"; type "help"`);
  }
}

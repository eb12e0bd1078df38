/**
 * Sends CoT position reports as SA mesh datagrams (one per datagram) from inside a network
 * namespace: `ip netns exec NS node --import tsx tests/support/cotMeshSend.ts IFACE_IP GROUP PORT
 * UID xml|proto LON LAT`. The CoT is built with node-cot (tests/support/cot.ts).
 */
import { createSocket } from 'node:dgram';
import { positionCot, protoMeshMessage, xmlMessage } from './cot';

const [iface, group, port, uid, mode, lon, lat] = process.argv.slice(2);
const cot = await positionCot({ uid: uid!, lon: Number(lon), lat: Number(lat) });
const msg = mode === 'proto' ? await protoMeshMessage(cot) : xmlMessage(cot);
const s = createSocket('udp4');
await new Promise<void>((r) => s.bind(0, iface, () => r()));
s.setMulticastInterface(iface!);
s.setMulticastTTL(1);
await new Promise<void>((resolve, reject) =>
  s.send(msg, Number(port), group, (e) => (e ? reject(e) : resolve())),
);
s.close();

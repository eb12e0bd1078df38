/**
 * Connection quality from getStats, per connection of a call: what is decoded, what is lost, the
 * round trip and whether the media goes direct or through the TURN relay. Shown in the call's
 * quality panel (the operator's evidence when a picture freezes; the later degradation steps of
 * #11 read the same figures).
 */
export interface ConnectionQuality {
  label: string;
  state: RTCPeerConnectionState;
  /** host / srflx / prflx / relay: how this console's end of the selected pair reaches the other. */
  route: string | null;
  rttMs: number | null;
  videoIn: number;
  framesDecoded: number;
  audioIn: number;
  packetsReceived: number;
  packetsLost: number;
  /** Outgoing video layers (simulcast): rid → frames encoded. */
  layersOut: Record<string, number>;
}

export async function qualityOf(label: string, pc: RTCPeerConnection): Promise<ConnectionQuality> {
  const q: ConnectionQuality = {
    label,
    state: pc.connectionState,
    route: null,
    rttMs: null,
    videoIn: 0,
    framesDecoded: 0,
    audioIn: 0,
    packetsReceived: 0,
    packetsLost: 0,
    layersOut: {},
  };
  const stats = await pc.getStats();
  const byId = new Map<string, Record<string, unknown>>();
  stats.forEach((s: Record<string, unknown>) => byId.set(s.id as string, s));
  for (const s of byId.values()) {
    if (s.type === 'inbound-rtp') {
      q.packetsReceived += Number(s.packetsReceived ?? 0);
      q.packetsLost += Math.max(0, Number(s.packetsLost ?? 0));
      if (s.kind === 'video') {
        q.videoIn++;
        q.framesDecoded += Number(s.framesDecoded ?? 0);
      } else q.audioIn++;
    }
    if (s.type === 'outbound-rtp' && s.kind === 'video')
      q.layersOut[String(s.rid ?? '-')] = Number(s.framesEncoded ?? 0);
    if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
      const local = byId.get(s.localCandidateId as string);
      q.route = (local?.candidateType as string | undefined) ?? null;
      if (typeof s.currentRoundTripTime === 'number') q.rttMs = Math.round(s.currentRoundTripTime * 1000);
    }
  }
  return q;
}

/** Lost over expected, in percent (0 when nothing arrived yet). */
export const lossPercent = (q: Pick<ConnectionQuality, 'packetsLost' | 'packetsReceived'>): number =>
  q.packetsReceived + q.packetsLost === 0 ? 0 : (100 * q.packetsLost) / (q.packetsReceived + q.packetsLost);

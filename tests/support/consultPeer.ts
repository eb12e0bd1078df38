/**
 * A consultation participant without the console around it, for the media benchmark: the hub's
 * protocol spoken from Node (a socket.io connection with the participant's own token, the same
 * `consult:*` events a console's main sends) and WebRTC in a blank Chromium page with the fake
 * camera and microphone, making the same three connections a console makes (docs/consultation.md):
 * the camera in three simulcast layers, the microphone into the AudioBridge with the mix back, and
 * one multistream subscription for the others' cameras. So twelve participants cost twelve pages,
 * not twelve web-mode servers with twelve software-rendered maps.
 */
import { createServer } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import type { ConsultEvent, ConsultJoinReply, ConsultSignalReply } from '../../src/shared/consult/protocol';
import { connectAs, expectOk, request } from '../integration/hub/support';

export interface PeerTotals {
  /** Bytes received on every connection (the mix and the others' cameras). */
  bytesIn: number;
  framesDecoded: number;
  /** Inbound video streams and how many of them decoded anything. */
  videoIn: number;
  audioPackets: number;
  /** Outgoing layers (rid) and why the encoder held back, if it did (cpu, bandwidth). */
  limitation: string[];
}

export interface Peer {
  id: number;
  page: Page;
  socket: Socket;
  /** Every consult:event the hub sent this participant. */
  events: ConsultEvent[];
  /** Subscribe to these feeds (one multistream subscription). */
  watch: (feeds: number[]) => Promise<void>;
  totals: () => Promise<PeerTotals>;
  close: () => Promise<void>;
}

/** Runs in the page: the WebRTC half of a participant. */
const PAGE_SCRIPT = `
window.__name = (f) => f;
window.__peer = {
  pcs: {},
  local: null,
  async gathered(pc) {
    if (pc.iceGatheringState !== 'complete')
      await new Promise((r) => {
        pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r());
        setTimeout(r, 4000);
      });
    return { type: pc.localDescription.type, sdp: pc.localDescription.sdp };
  },
  async start(iceServers, video, relay) {
    this.iceServers = iceServers;
    this.policy = relay ? 'relay' : 'all';
    this.local = await navigator.mediaDevices.getUserMedia({
      audio: true,
      video: video ? { width: 640, height: 360, frameRate: 15 } : false,
    });
  },
  pc(kind) {
    return (this.pcs[kind] ??= new RTCPeerConnection({ iceServers: this.iceServers, iceTransportPolicy: this.policy }));
  },
  async offer(kind) {
    const pc = this.pc(kind);
    if (kind === 'publish')
      pc.addTransceiver(this.local.getVideoTracks()[0], {
        direction: 'sendonly',
        sendEncodings: [
          { rid: 'h', maxBitrate: 500000 },
          { rid: 'm', maxBitrate: 200000, scaleResolutionDownBy: 2 },
          { rid: 'l', maxBitrate: 80000, scaleResolutionDownBy: 4 },
        ],
      });
    else pc.addTransceiver(this.local.getAudioTracks()[0], { direction: 'sendrecv' });
    await pc.setLocalDescription(await pc.createOffer());
    return this.gathered(pc);
  },
  async answer(kind, jsep) {
    await this.pc(kind).setRemoteDescription(jsep);
  },
  async acceptOffer(kind, jsep) {
    const pc = this.pc(kind);
    await pc.setRemoteDescription(jsep);
    await pc.setLocalDescription(await pc.createAnswer());
    return this.gathered(pc);
  },
  async totals() {
    const t = { bytesIn: 0, framesDecoded: 0, videoIn: 0, audioPackets: 0, limitation: [] };
    for (const pc of Object.values(this.pcs))
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp') {
          t.bytesIn += s.bytesReceived ?? 0;
          if (s.kind === 'video') {
            t.videoIn++;
            t.framesDecoded += s.framesDecoded ?? 0;
          } else t.audioPackets += s.packetsReceived ?? 0;
        }
        if (s.type === 'outbound-rtp' && s.kind === 'video')
          t.limitation.push(String(s.rid) + ':' + String(s.qualityLimitationReason));
      });
    return t;
  },
  close() {
    for (const pc of Object.values(this.pcs)) pc.close();
    for (const t of this.local?.getTracks() ?? []) t.stop();
  },
};
`;

/** Join `consultationId` as the token's person; publishes a camera unless `video` is false. */
export async function joinPeer(o: {
  browser: Browser;
  pageUrl: string;
  hubUrl: string;
  token: string;
  clientId: string;
  consultationId: string;
  video?: boolean;
  /** Media only through TURN (as `?consultRelay=1` makes a console). */
  relay?: boolean;
  /** Watch every camera the hub says is published, as a console does (else call `watch`). */
  follow?: boolean;
}): Promise<Peer> {
  const socket = await connectAs(o.hubUrl, o.token, o.clientId);
  const page = await (await o.browser.newContext()).newPage();
  await page.goto(o.pageUrl);
  await page.evaluate(PAGE_SCRIPT);
  const consultationId = o.consultationId;
  const signal = async (body: Record<string, unknown>) =>
    expectOk(await request<ConsultSignalReply>(socket, 'consult:signal', { consultationId, ...body }));
  const events: ConsultEvent[] = [];
  let me = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const watch = (feeds: number[]) => {
    const run = chain.then(async () => {
      const r = await signal({ target: 'subscribe', feeds });
      if (!r.jsep) return;
      const answer = await page.evaluate((j) => window.__peer.acceptOffer('subscribe', j), r.jsep);
      await signal({ target: 'subscribe', jsep: answer });
    });
    chain = run.catch(() => undefined);
    return run;
  };
  socket.on('consult:event', (ev: ConsultEvent) => {
    if (ev.consultationId !== consultationId) return;
    events.push(ev);
    if (ev.type === 'publishers' && o.follow && me)
      void watch(ev.feeds.filter((f) => f !== me)).catch(() => undefined);
    // Janus re-offers the subscription when a watched feed goes away: answer it.
    if (ev.type === 'jsep')
      void page
        .evaluate((j) => window.__peer.acceptOffer('subscribe', j), ev.jsep)
        .then((jsep) => signal({ target: 'subscribe', jsep }))
        .catch(() => undefined);
  });
  const join = expectOk(await request<ConsultJoinReply>(socket, 'consult:join', { consultationId }));
  me = join.participantId;
  const video = o.video !== false && join.mayPublishVideo;
  await page.evaluate(([ice, v, r]) => window.__peer.start(ice, v, r), [
    join.iceServers,
    video,
    o.relay === true,
  ] as const);
  for (const target of video ? (['publish', 'audio'] as const) : (['audio'] as const)) {
    const offer = await page.evaluate((k) => window.__peer.offer(k), target);
    const r = await signal({ target, jsep: offer });
    await page.evaluate(([k, j]) => window.__peer.answer(k, j), [target, r.jsep!] as const);
  }
  if (o.follow) await watch(join.publishers.filter((f) => f !== me));
  return {
    id: join.participantId,
    page,
    socket,
    events,
    watch,
    totals: () => page.evaluate(() => window.__peer.totals()),
    close: async () => {
      await page.evaluate(() => window.__peer.close()).catch(() => undefined);
      await request(socket, 'consult:leave', { consultationId }).catch(() => undefined);
      socket.disconnect();
      await page.context().close();
    },
  };
}

declare global {
  interface Window {
    __peer: {
      start: (iceServers: unknown, video: boolean, relay: boolean) => Promise<void>;
      offer: (kind: string) => Promise<{ type: 'offer' | 'answer'; sdp: string }>;
      answer: (kind: string, jsep: { type: 'offer' | 'answer'; sdp: string }) => Promise<void>;
      acceptOffer: (
        kind: string,
        jsep: { type: 'offer' | 'answer'; sdp: string },
      ) => Promise<{ type: 'offer' | 'answer'; sdp: string }>;
      totals: () => Promise<PeerTotals>;
      close: () => void;
    };
  }
}

/** A blank page on 127.0.0.1 for the participants: a secure context (camera, microphone), nothing loaded. */
export async function blankPage(): Promise<{ url: string; close: () => void }> {
  const http = createServer((_req, res) => res.end('<!doctype html><title>participant</title>'));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(http.address() as { port: number }).port}/`, close: () => http.close() };
}

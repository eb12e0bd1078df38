/**
 * The shared map of the consultation this console is in (docs/consultation.md, "The shared map"):
 * joins it at the hub through main, keeps who is here and who presents (the newest presence
 * wins), sends this map's view while presenting (at most ten a second, the last one always: a
 * leading and trailing throttle), and hands the presenter's views to the map while following
 * (map/sharedView.ts). Moving the map oneself pauses following; the hub is told, so the others
 * see who follows. After the link to the hub comes back, it joins again.
 */
import { VIEW_RATE, type SharePresence, type SharedView } from '../../../shared/consult/share';
import type { AppError } from '../../../shared/ipc';
import { currentView, useSharedMap, type ShareMode } from '../../map/sharedView';
import { api } from '../../services/api';
import { useApp } from '../../store';

export interface ShareState {
  /** My key in the presence (this console's sync client id). */
  me: string | null;
  presence: SharePresence | null;
  mode: ShareMode;
  error: AppError | null;
}

const INTERVAL_MS = 1000 / VIEW_RATE;

export class ShareSession {
  state: ShareState = { me: null, presence: null, mode: 'off', error: null };
  private pending: SharedView | null = null;
  private lastSent = 0;
  private lastJson = '';
  private timer: number | null = null;
  private offs: (() => void)[] = [];
  private closed = false;
  /** Follow the presenter when not presenting (what the hub was told). */
  private following = true;

  constructor(
    readonly consultationId: string,
    private readonly onChange: (s: ShareState) => void,
  ) {}

  private patch(p: Partial<ShareState>) {
    this.state = { ...this.state, ...p };
    this.onChange(this.state);
  }

  async start(): Promise<void> {
    this.offs.push(
      api.on('consult:shared', (ev) => {
        if (ev.consultationId !== this.consultationId || this.closed) return;
        if (ev.type === 'presence') this.onPresence(ev);
        else if (ev.type === 'view') {
          if (ev.from === this.state.presence?.presenter) useSharedMap.getState().receive(ev.view);
        } else if (ev.type === 'resend') {
          if (this.state.mode === 'present') this.sendNow();
        } else this.stop();
      }),
      // Moving the map oneself pauses following: the others see it.
      useSharedMap.subscribe((s, prev) => {
        if (this.closed || s.mode === prev.mode) return;
        this.patch({ mode: s.mode });
        if (s.mode === 'paused' && prev.mode === 'follow')
          void this.tell({ action: 'follow', following: false });
      }),
      // The link came back (maybe through another hub node): join again.
      useApp.subscribe((s, prev) => {
        if (s.syncStatus?.state === 'online' && prev.syncStatus?.state !== 'online' && this.state.me)
          void this.join();
      }),
    );
    useSharedMap.getState().setOnLocal((v) => this.offer(v));
    await this.join();
  }

  private async join(): Promise<void> {
    const r = await api.invoke('consult:share', {
      consultationId: this.consultationId,
      action: 'join',
      following: this.following && useSharedMap.getState().mode !== 'paused',
    });
    if (this.closed) return;
    if (!r.ok) return this.patch({ error: r.error });
    this.patch({ me: r.value.me, error: null });
    if (r.value.presence) this.onPresence(r.value.presence);
  }

  private onPresence(p: SharePresence): void {
    if (this.state.presence && this.state.presence.at > p.at) return;
    const wasPresenting = this.state.mode === 'present';
    const store = useSharedMap.getState();
    const presenting = p.presenter !== null && p.presenter === this.state.me;
    const mode: ShareMode = presenting
      ? 'present'
      : !this.following
        ? 'off'
        : store.mode === 'paused'
          ? 'paused'
          : 'follow';
    // A new presenter: what was kept of the previous one's view is not theirs.
    if (p.presenter !== this.state.presence?.presenter) store.receive(null);
    this.patch({ presence: p, mode });
    store.setMode(mode);
    if (presenting && !wasPresenting) this.sendNow();
  }

  private async tell(req: Record<string, unknown>): Promise<void> {
    const r = await api.invoke('consult:share', { consultationId: this.consultationId, ...req } as never);
    if (this.closed) return;
    if (!r.ok) return this.patch({ error: r.error });
    this.patch({ error: null });
    if (r.value.presence) this.onPresence(r.value.presence);
  }

  /** Follow the presenter (again), or browse freely. */
  follow(on: boolean): Promise<void> {
    this.following = on;
    if (this.state.mode !== 'present') {
      useSharedMap.getState().setMode(on ? 'follow' : 'off');
      this.patch({ mode: on ? 'follow' : 'off' });
    }
    return this.tell({ action: 'follow', following: on });
  }
  take = () => this.tell({ action: 'take' });
  stopPresenting = () => this.tell({ action: 'stop' });
  give = (to: string) => this.tell({ action: 'give', to });
  request = (on: boolean) => this.tell({ action: 'request', requesting: on });

  /** A view of this map while presenting: now if the last went out 100 ms ago, else at that mark. */
  private offer(v: SharedView): void {
    if (this.state.mode !== 'present' || this.closed) return;
    const json = JSON.stringify(v);
    if (json === this.lastJson && !this.pending) return;
    this.pending = v;
    const wait = this.lastSent + INTERVAL_MS - performance.now();
    if (wait <= 0) this.flush();
    else this.timer ??= window.setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    const v = this.pending;
    if (!v || this.closed) return;
    this.pending = null;
    this.lastSent = performance.now();
    this.lastJson = JSON.stringify(v);
    void this.send(v, 0);
  }

  private async send(v: SharedView, attempt: number): Promise<void> {
    const r = await api.invoke('consult:view', { consultationId: this.consultationId, view: v });
    if (r.ok || this.closed) return;
    const variant = (r.error.params as { variant?: string } | undefined)?.variant;
    // Just handed the floor on another hub node: it learns so within moments; the view is sent again.
    if (variant === 'NOT_PRESENTER' && this.state.mode === 'present' && attempt < 3) {
      window.setTimeout(() => {
        if (!this.pending && this.lastJson === JSON.stringify(v)) void this.send(v, attempt + 1);
      }, 250);
      return;
    }
    this.patch({ error: r.error });
  }

  /** Send this map's view at once (a newcomer asked, or I just started presenting). */
  private sendNow(): void {
    const v = currentView();
    if (!v) return;
    this.lastJson = '';
    this.offer(v);
  }

  private stop(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const off of this.offs) off();
    const store = useSharedMap.getState();
    store.setOnLocal(null);
    store.setMode('off');
    store.receive(null);
    this.patch({ mode: 'off' });
  }

  async leave(): Promise<void> {
    if (this.closed) return;
    this.stop();
    await api.invoke('consult:share', { consultationId: this.consultationId, action: 'leave' });
  }
}

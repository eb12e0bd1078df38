import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Consultation } from '../../../shared/consult/record';
import type { MessageKey } from '../../../shared/i18n';
import { useT } from '../../store';
import { errorText } from '../../ui/errorText';
import type { CallView, ConsultCall } from './media';
import { lossPercent, qualityOf, type ConnectionQuality } from './quality';
import { MinutesPane } from './MinutesPane';
import { LinkMode, LinkNotice } from './LinkBar';
import { SharedMap } from './SharedMap';

function Video(props: { stream: MediaStream | null; muted?: boolean; testId?: string; feed?: number }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== props.stream) ref.current.srcObject = props.stream;
  }, [props.stream]);
  return (
    <video
      ref={ref}
      autoPlay
      playsInline
      muted={props.muted}
      data-testid={props.testId}
      data-feed={props.feed}
    />
  );
}

function Mix({ stream }: { stream: MediaStream | null }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return <audio ref={ref} autoPlay data-testid="consult-mix" />;
}

/** getStats every 2 s: what each connection decodes and loses, and which way it goes. */
function Quality({ call }: { call: ConsultCall }) {
  const t = useT();
  const [rows, setRows] = useState<ConnectionQuality[]>([]);
  useEffect(() => {
    let alive = true;
    const tick = async () => {
      const q = await Promise.all(call.connections().map((c) => qualityOf(c.label, c.pc)));
      if (alive) setRows(q);
    };
    void tick();
    const timer = setInterval(() => void tick(), 2000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [call]);
  return (
    <table className="consult-quality" data-testid="consult-quality">
      <thead>
        <tr>
          <th>{t('consult.q.link')}</th>
          <th>{t('consult.q.state')}</th>
          <th>{t('consult.q.route')}</th>
          <th>{t('consult.q.frames')}</th>
          <th>{t('consult.q.loss')}</th>
          <th>RTT</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((q) => (
          <tr
            key={q.label}
            data-link={q.label}
            data-state={q.state}
            data-route={q.route ?? ''}
            data-video-in={q.videoIn}
            data-audio-in={q.audioIn}
            data-frames-decoded={q.framesDecoded}
            data-packets-received={q.packetsReceived}
            data-packets-lost={q.packetsLost}
            data-layers-out={JSON.stringify(q.layersOut)}
          >
            <td>{t(`consult.q.${q.label.startsWith('peer-') ? 'peer' : q.label}` as MessageKey)}</td>
            <td>{q.state}</td>
            <td>{q.route ? t(`consult.route.${q.route}` as MessageKey) : '—'}</td>
            <td>{q.framesDecoded}</td>
            <td>{lossPercent(q).toFixed(2)}%</td>
            <td>{q.rttMs ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The session: the active speaker large, everyone else as thumbnails, the mix playing, the controls.
 * It stands over the map's left edge (`data-map-inset="left"`), under the search box, so the
 * banners above and the incident's panel on the right stay in view.
 */
export function CallScreen(props: {
  consultation: Consultation;
  call: ConsultCall;
  view: CallView;
  onClose: () => void;
}) {
  const t = useT();
  const { view, call } = props;
  const [muted, setMuted] = useState(false);
  const [showQuality, setShowQuality] = useState(false);
  const [showMinutes, setShowMinutes] = useState(false);
  const name = (id: number) => view.participants.find((p) => p.id === id)?.name ?? String(id);
  const others = [...view.videos.keys()];
  const speaker = view.speaker !== null && view.videos.has(view.speaker) ? view.speaker : (others[0] ?? null);
  const done = view.state === 'ended' || view.state === 'failed';
  const host = document.querySelector('[data-testid="map-area"]') ?? document.body;
  return createPortal(
    <section
      className={`consult-call link-${view.link.level}`}
      data-link={view.link.level}
      data-map-inset="left"
      data-testid="consult-call"
      data-state={view.state}
      data-mode={view.mode ?? ''}
      aria-label={props.consultation.title}
    >
      <header>
        <strong>{props.consultation.title}</strong>
        <span className="muted" data-testid="consult-mode">
          {view.mode ? t(`consult.mode.${view.mode}` as MessageKey) : t('consult.joining')}
        </span>
        <div className="spacer" />
        <button
          type="button"
          aria-pressed={showMinutes}
          data-testid="consult-minutes-toggle"
          onClick={() => setShowMinutes(!showMinutes)}
        >
          {t('minutes.toggle')}
        </button>
        {!done && (
          <>
            <LinkMode call={call} view={view} />
            <button
              type="button"
              data-testid="consult-mute"
              aria-pressed={muted}
              onClick={() => (call.setMuted(!muted), setMuted(!muted))}
            >
              {muted ? t('consult.unmute') : t('consult.mute')}
            </button>
            <button
              type="button"
              aria-pressed={showQuality}
              data-testid="consult-quality-toggle"
              onClick={() => setShowQuality(!showQuality)}
            >
              {t('consult.quality')}
            </button>
            <button
              type="button"
              className="danger"
              data-testid="consult-leave"
              onClick={() => void call.leave()}
            >
              {t('consult.leave')}
            </button>
          </>
        )}
        {done && (
          <button type="button" data-testid="consult-close" onClick={props.onClose}>
            {t('consult.close')}
          </button>
        )}
      </header>
      {!done && <LinkNotice view={view} />}
      {view.error && (
        <p className="error" role="alert" data-testid="consult-error">
          {errorText(t, view.error)}
        </p>
      )}
      {view.state === 'ended' && (
        <p className="muted" role="status" data-testid="consult-ended">
          {t(`consult.endedReason.${view.endedReason ?? 'ended'}` as MessageKey)}
        </p>
      )}
      {!done && <SharedMap consultation={props.consultation} />}
      {!done && (
        <div className="consult-stage">
          <div className="consult-main">
            {speaker !== null ? (
              <figure>
                <Video
                  stream={view.videos.get(speaker)!}
                  muted={view.mode === 'janus'}
                  testId="consult-speaker"
                  feed={speaker}
                />
                <figcaption>{name(speaker)}</figcaption>
              </figure>
            ) : (
              <p className="muted">
                {view.link.level === 'video'
                  ? t('consult.waiting')
                  : t('link.videoOff', { level: t(`link.level.${view.link.level}`) })}
              </p>
            )}
          </div>
          <div className="consult-thumbs" data-testid="consult-thumbs">
            {view.local && view.local.getVideoTracks().length > 0 && (
              <figure className="me">
                <Video stream={view.local} muted testId="consult-self" />
                <figcaption>{t('consult.me')}</figcaption>
              </figure>
            )}
            {others
              .filter((id) => id !== speaker)
              .map((id) => (
                <figure
                  key={id}
                  className={view.talking.has(id) ? 'talking' : undefined}
                  onClick={() => call.focus(id)}
                >
                  <Video
                    stream={view.videos.get(id)!}
                    muted={view.mode === 'janus'}
                    testId="consult-thumb"
                    feed={id}
                  />
                  <figcaption>{name(id)}</figcaption>
                </figure>
              ))}
          </div>
          <ul className="consult-people" data-testid="consult-people-list">
            {view.participants.map((p) => (
              <li
                key={p.id}
                className={view.talking.has(p.id) ? 'talking' : undefined}
                data-participant={p.id}
              >
                {p.name}
                {p.org ? ` · ${p.org}` : ''} · {t(`consult.role.${p.role}` as MessageKey)}
                {p.link && p.link !== 'video' ? ` · ${t(`link.level.${p.link}`)}` : ''}
                {p.id === view.me ? ` (${t('consult.me')})` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {view.mode === 'janus' && <Mix stream={view.mix} />}
      {showQuality && !done && <Quality call={call} />}
      {showMinutes && <MinutesPane consultation={props.consultation} participants={view.participants} />}
    </section>,
    host,
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { Consultation } from '../../../shared/consult/record';
import { markInvitationsSeen, useConsultations, useInvitations } from '../../model/consultations';
import { useApp, useT } from '../../store';
import { useWhoAmI } from '../../ui/useWhoAmI';
import { CallScreen } from './CallScreen';
import { ConsultPanel } from './ConsultPanel';
import { ConsultCall, type CallView } from './media';
import './consult.css';

/**
 * 调度会商 in the top bar: the button (with the invitations waiting), the sessions dialog, and the
 * session this console is in. `?consultRelay=1` in the address forces media through TURN (how a
 * console behind a strict firewall behaves; used by the tests).
 */
export function Consultations() {
  const t = useT();
  const me = useWhoAmI();
  const { list, reload } = useConsultations();
  const invitations = useInvitations(list, me);
  const [panelOpen, setPanelOpen] = useState(false);
  const [active, setActive] = useState<{ c: Consultation; call: ConsultCall } | null>(null);
  const [view, setView] = useState<CallView | null>(null);
  const callRef = useRef<ConsultCall | null>(null);

  const join = useCallback((c: Consultation) => {
    markInvitationsSeen([c.id]);
    setPanelOpen(false);
    void callRef.current?.leave();
    const relay = new URLSearchParams(location.search).get('consultRelay') === '1';
    const call = new ConsultCall(c.id, setView, relay ? { iceTransportPolicy: 'relay' } : {});
    callRef.current = call;
    setActive({ c, call });
    setView({ ...call.view });
    void call.start();
  }, []);
  useEffect(() => {
    const leave = () => void callRef.current?.leave();
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, []);
  // The map's annotations (标绘) follow the session's incident while this console is in it.
  const sessionIncident = active?.c.incidentId ?? null;
  useEffect(() => useApp.getState().setAnnotationSession(sessionIncident), [sessionIncident]);
  // The session ended elsewhere: the record says so even if the hub's event was missed.
  const current = active && list.find((c) => c.id === active.c.id);
  useEffect(() => {
    if (current?.status === 'ended' && view && view.state !== 'ended') void active?.call.leave();
  }, [current?.status, view, active]);

  const open = list.filter((c) => c.status === 'open').length;
  return (
    <>
      <button
        type="button"
        data-testid="consult-open"
        className={invitations.length > 0 ? 'warn' : active ? 'active' : ''}
        onClick={() => setPanelOpen(true)}
      >
        {invitations.length > 0
          ? t('consult.buttonInvited', { n: invitations.length })
          : open > 0
            ? t('consult.buttonOpen', { n: open })
            : t('consult.button')}
      </button>
      {panelOpen && (
        <ConsultPanel list={list} me={me} onJoin={join} onClose={() => setPanelOpen(false)} reload={reload} />
      )}
      {active && view && (
        <CallScreen
          consultation={active.c}
          call={active.call}
          view={view}
          onClose={() => {
            callRef.current = null;
            setActive(null);
            setView(null);
          }}
        />
      )}
    </>
  );
}

import { useEffect, useMemo, useState } from 'react';
import {
  HAZARD_TYPES,
  WARNING_COLOURS,
  type HazardType,
  type Warning,
  type WarningColour,
} from '../../../shared/domain';
import type { MessageKey } from '../../../shared/i18n';
import { api } from '../../services/api';
import { useApp, useT } from '../../store';
import { errorText } from '../../ui/errorText';
import { fromCstField, toCstField } from '../../ui/time';

interface County {
  adcode: string;
  name: string;
  city: string;
}

/** The pack's counties by city, for the area picker. */
function useCounties(): County[] {
  const fc = useApp((s) => s.packData?.counties ?? null);
  useEffect(() => void useApp.getState().ensurePackData(), []);
  return useMemo(
    () =>
      (fc?.features ?? [])
        .map((f) => {
          const p = (f.properties ?? {}) as Record<string, unknown>;
          return {
            adcode: String(p.district_adcode ?? ''),
            name: String(p.district_name ?? p.district_adcode ?? ''),
            city: String(p.city_name ?? ''),
          };
        })
        .filter((c) => /^\d{6}$/.test(c.adcode))
        .sort((a, b) => a.adcode.localeCompare(b.adcode)),
    [fc],
  );
}

const H = 3_600_000;

/**
 * A warning's draft: hazard, colour level, headline, text, sender, the area (counties of the pack,
 * outlined on the map as they are ticked), onset and expiry in Beijing time. `base` prefills it: the
 * draft being edited, or the issued warning a new version replaces.
 */
export function WarningForm({
  base,
  mode,
  onDone,
}: {
  base: Warning | null;
  mode: 'new' | 'edit' | 'update';
  onDone: (message: string | null) => void;
}) {
  const t = useT();
  const counties = useCounties();
  const now = Date.now();
  const [hazard, setHazard] = useState<HazardType>(base?.hazard ?? 'flood');
  const [colour, setColour] = useState<WarningColour>(base?.colour ?? 'blue');
  const [headline, setHeadline] = useState(base?.headline ?? '');
  const [description, setDescription] = useState(base?.description ?? '');
  const [instruction, setInstruction] = useState(base?.instruction ?? '');
  const [senderOrg, setSenderOrg] = useState(base?.senderOrg ?? '山西省应急管理厅');
  const [areaDesc, setAreaDesc] = useState(base?.area.description ?? '');
  const [chosen, setChosen] = useState<string[]>(base?.area.counties.map((c) => c.adcode) ?? []);
  const [filter, setFilter] = useState('');
  const [onset, setOnset] = useState(toCstField(base?.onset ?? now));
  const [expires, setExpires] = useState(toCstField(base?.expires ?? now + 24 * H));
  const [error, setError] = useState<string | null>(null);
  const polygons = useMemo(() => base?.area.polygons ?? [], [base]);
  const byCode = useMemo(() => new Map(counties.map((c) => [c.adcode, c])), [counties]);

  // The area as ticked, outlined on the map while the form is open.
  useEffect(() => {
    useApp.getState().setWarningPreview({
      colour,
      area: {
        counties: chosen.map((adcode) => ({ adcode, name: byCode.get(adcode)?.name ?? adcode })),
        polygons,
      },
    });
  }, [colour, chosen, byCode, polygons]);
  useEffect(() => () => useApp.getState().setWarningPreview(null), []);

  const save = async () => {
    const r = await api.invoke('warning:save', {
      ...(mode === 'edit' && base ? { id: base.id } : {}),
      ...(mode === 'update' && base ? { supersedes: base.id } : {}),
      hazard,
      colour,
      headline,
      description,
      instruction,
      senderOrg,
      area: {
        description: areaDesc,
        counties: chosen.map((adcode) => ({ adcode, name: byCode.get(adcode)?.name ?? adcode })),
        polygons,
      },
      onset: fromCstField(onset) || new Date(now).toISOString(),
      expires: fromCstField(expires) || new Date(now).toISOString(),
    });
    if (!r.ok) return setError(errorText(t, r.error));
    onDone(t('warn.saved'));
  };
  const shown = counties.filter((c) => !filter || c.name.includes(filter) || c.city.includes(filter));
  const toggle = (adcode: string) =>
    setChosen((cs) => (cs.includes(adcode) ? cs.filter((c) => c !== adcode) : [...cs, adcode]));

  return (
    <form
      className="warning-form"
      data-testid="warning-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>{t(`warn.form.${mode}` as MessageKey)}</h3>
      <div className="row">
        <label>
          {t('warn.hazard')}
          <select name="hazard" value={hazard} onChange={(e) => setHazard(e.target.value as HazardType)}>
            {HAZARD_TYPES.map((h) => (
              <option key={h} value={h}>
                {t(`hazard.${h}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('warn.colour')}
          <select name="colour" value={colour} onChange={(e) => setColour(e.target.value as WarningColour)}>
            {WARNING_COLOURS.map((c) => (
              <option key={c} value={c}>
                {t(`warn.colour.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        {t('warn.headline')}
        <input
          name="headline"
          maxLength={200}
          value={headline}
          onChange={(e) => setHeadline(e.target.value)}
        />
      </label>
      <label>
        {t('warn.description')}
        <textarea
          name="description"
          rows={2}
          maxLength={4000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <label>
        {t('warn.instruction')}
        <textarea
          name="instruction"
          rows={2}
          maxLength={4000}
          value={instruction}
          onChange={(e) => setInstruction(e.target.value)}
        />
      </label>
      <label>
        {t('warn.sender')}
        <input
          name="senderOrg"
          maxLength={200}
          value={senderOrg}
          onChange={(e) => setSenderOrg(e.target.value)}
        />
      </label>
      <div className="row">
        <label>
          {t('warn.onset')}
          <input
            name="onset"
            type="datetime-local"
            value={onset}
            onChange={(e) => setOnset(e.target.value)}
          />
        </label>
        <label>
          {t('warn.expires')}
          <input
            name="expires"
            type="datetime-local"
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
          />
        </label>
      </div>
      <label>
        {t('warn.areaDesc')}
        <input
          name="areaDesc"
          maxLength={500}
          value={areaDesc}
          onChange={(e) => setAreaDesc(e.target.value)}
        />
      </label>
      <fieldset className="county-picker">
        <legend>{t('warn.counties', { n: chosen.length })}</legend>
        <input
          name="countyFilter"
          placeholder={t('warn.countyFilter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        {counties.length === 0 && <p className="muted">{t('warn.noPack')}</p>}
        <div className="county-list" data-testid="county-list">
          {shown.map((c) => (
            <label key={c.adcode} className="inline">
              <input
                type="checkbox"
                name={`county-${c.adcode}`}
                checked={chosen.includes(c.adcode)}
                onChange={() => toggle(c.adcode)}
              />
              {c.city ? `${c.city}·` : ''}
              {c.name}
            </label>
          ))}
        </div>
        {polygons.length > 0 && <p className="muted">{t('warn.drawnKept', { n: polygons.length })}</p>}
      </fieldset>
      <div className="row">
        <button type="submit" data-testid="warning-save">
          {t('warn.saveDraft')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('roster.cancel')}
        </button>
      </div>
      {error && (
        <div className="error" role="alert" data-testid="warning-form-error">
          {error}
        </div>
      )}
    </form>
  );
}

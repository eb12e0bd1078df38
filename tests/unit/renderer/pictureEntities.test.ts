import { describe, expect, it } from 'vitest';
import { touchesPicture } from '../../../src/renderer/model/pictureEntities';

describe('which changes reload the picture', () => {
  it('reloads for the picture’s own kinds, an unnamed change or a kind it does not know', () => {
    expect(touchesPicture(['incident', 'sync'])).toBe(true);
    expect(touchesPicture(['assignment', 'unit', 'aircraft', 'timeline'])).toBe(true);
    expect(touchesPicture(['depot'])).toBe(true);
    expect(touchesPicture([])).toBe(true);
    expect(touchesPicture(['something_new'])).toBe(true);
  });
  it('does not for annotations, consultations, the desk’s records or a timeline scope alone', () => {
    expect(touchesPicture(['annotation', 'sync'])).toBe(false);
    expect(touchesPicture(['consultation'])).toBe(false);
    expect(touchesPicture(['timeline', 'incident:inc-1'])).toBe(false);
    expect(touchesPicture(['warning', 'warning_action'])).toBe(false);
    expect(touchesPicture(['handover', 'duty_log'])).toBe(false);
  });
});

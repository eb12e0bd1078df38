import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XmlDocument, XsdValidator, type XmlElement } from 'libxml2-wasm';
import { appRoot } from '../app/paths';
import { CAP_NS } from '../../shared/warnings/cap';

/**
 * CAP 1.2 XML in main: validation against the OASIS CAP 1.2 schema (assets/schemas/CAP-v1.2.xsd)
 * in process with libxml2 (WebAssembly), and reading a message's fields for an import. Documents
 * with a DOCTYPE are refused before parsing (CAP has none; it is how entity attacks start), and so
 * is anything over 1 MB.
 */

export const MAX_CAP_BYTES = 1024 * 1024;

let validator: XsdValidator | null = null;
function schema(): XsdValidator {
  if (!validator) {
    const xsd = XmlDocument.fromString(
      readFileSync(join(appRoot(), 'assets', 'schemas', 'CAP-v1.2.xsd'), 'utf8'),
    );
    validator = XsdValidator.fromDoc(xsd);
  }
  return validator;
}

export interface CapProblem {
  line: number;
  message: string;
}

/** Problems of a CAP 1.2 document: not well-formed, or not valid against the schema; [] when valid. */
export function validateCap(xml: string): CapProblem[] {
  if (Buffer.byteLength(xml) > MAX_CAP_BYTES)
    return [{ line: 0, message: `the document is larger than ${MAX_CAP_BYTES} bytes` }];
  if (/<!DOCTYPE/i.test(xml)) return [{ line: 0, message: 'a CAP document has no DOCTYPE; this one does' }];
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(xml);
  } catch (e) {
    const d = (e as { details?: { line: number; message: string }[] }).details?.[0];
    return [
      { line: d?.line ?? 0, message: `not well-formed XML: ${(d?.message ?? (e as Error).message).trim()}` },
    ];
  }
  try {
    schema().validate(doc);
    return [];
  } catch (e) {
    const details = (e as { details?: { line: number; message: string }[] }).details ?? [];
    return details.length
      ? details.slice(0, 10).map((d) => ({ line: d.line, message: d.message.trim() }))
      : [{ line: 0, message: (e as Error).message.trim() }];
  } finally {
    doc.dispose();
  }
}

/** The fields of a valid CAP message that an import reads: text by path, repeated elements as lists. */
export interface CapMessage {
  identifier: string;
  sender: string;
  sent: string;
  status: string;
  msgType: string;
  references: string;
  info: {
    event: string;
    category: string;
    severity: string;
    onset: string;
    effective: string;
    expires: string;
    senderName: string;
    headline: string;
    description: string;
    instruction: string;
    parameters: Record<string, string>;
    areas: { areaDesc: string; polygons: string[]; geocodes: { valueName: string; value: string }[] }[];
  } | null;
}

const NS = { cap: CAP_NS };

/** Read a CAP message (call validateCap first). Only the first info block is read. */
export function readCap(xml: string): CapMessage {
  const doc = XmlDocument.fromString(xml);
  try {
    const root = doc.root;
    const text = (el: XmlElement, name: string) =>
      (el.get(`cap:${name}`, NS) as XmlElement | null)?.content.trim() ?? '';
    const info = root.get('cap:info', NS) as XmlElement | null;
    const pairs = (el: XmlElement, name: string) =>
      (el.find(`cap:${name}`, NS) as XmlElement[]).map((p) => ({
        valueName: text(p, 'valueName'),
        value: text(p, 'value'),
      }));
    return {
      identifier: text(root, 'identifier'),
      sender: text(root, 'sender'),
      sent: text(root, 'sent'),
      status: text(root, 'status'),
      msgType: text(root, 'msgType'),
      references: text(root, 'references'),
      info: info && {
        event: text(info, 'event'),
        category: text(info, 'category'),
        severity: text(info, 'severity'),
        onset: text(info, 'onset'),
        effective: text(info, 'effective'),
        expires: text(info, 'expires'),
        senderName: text(info, 'senderName'),
        headline: text(info, 'headline'),
        description: text(info, 'description'),
        instruction: text(info, 'instruction'),
        parameters: Object.fromEntries(pairs(info, 'parameter').map((p) => [p.valueName, p.value])),
        areas: (info.find('cap:area', NS) as XmlElement[]).map((a) => ({
          areaDesc: text(a, 'areaDesc'),
          polygons: (a.find('cap:polygon', NS) as XmlElement[]).map((p) => p.content.trim()),
          geocodes: pairs(a, 'geocode'),
        })),
      },
    };
  } finally {
    doc.dispose();
  }
}

/**
 * Scores of `npm run bench:incidents`: verdicts at labelled points against their labels. A point is an
 * incident (of a type) or clean; a verdict alarms or not. Per incident type: recall over its incidents,
 * precision with the false alarms shared out by the type's share of incidents (a false alarm on a clean point
 * belongs to no type), F1; the false-alarm rate is over clean points.
 */
import { INCIDENT_TYPES, type IncidentType } from './incidents-data.js';

export interface Verdict {
  label: IncidentType | 'clean';
  alarm: boolean;
}

export interface Score {
  recall: number;
  precision: number;
  f1: number;
  incidents: number;
  caught: number;
}

const r3 = (x: number) => Number(x.toFixed(3));
const f1 = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

export function score(verdicts: readonly Verdict[]): {
  overall: Score & { false_alarms: number; clean_points: number; false_alarm_rate: number };
  by_type: Record<string, Score>;
} {
  const clean = verdicts.filter((v) => v.label === 'clean');
  const fp = clean.filter((v) => v.alarm).length;
  const incidents = verdicts.filter((v) => v.label !== 'clean');
  const tp = incidents.filter((v) => v.alarm).length;
  const byType: Record<string, Score> = {};
  for (const type of INCIDENT_TYPES) {
    const of = incidents.filter((v) => v.label === type);
    if (of.length === 0) continue;
    const caught = of.filter((v) => v.alarm).length;
    const share = fp * (of.length / incidents.length);
    const recall = caught / of.length;
    const precision = caught + share > 0 ? caught / (caught + share) : 0;
    byType[type] = {
      recall: r3(recall),
      precision: r3(precision),
      f1: r3(f1(precision, recall)),
      incidents: of.length,
      caught,
    };
  }
  const recall = incidents.length > 0 ? tp / incidents.length : 0;
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  return {
    overall: {
      recall: r3(recall),
      precision: r3(precision),
      f1: r3(f1(precision, recall)),
      incidents: incidents.length,
      caught: tp,
      false_alarms: fp,
      clean_points: clean.length,
      false_alarm_rate: r3(clean.length > 0 ? fp / clean.length : 0),
    },
    by_type: byType,
  };
}

import type { TechnicalSpec } from '../../ports/techspec-source.js';
import type { ValidationIssue } from './types.js';

/**
 * What a dataset's technical spec (as last ingested, domain/src/de/techspec) says is wrong with it where the
 * data itself cannot show it: a Kafka topic with partitions short of replicas, or a consumer group further
 * behind than the topic keeps (it has lost messages to retention, or is about to); a PostgreSQL table full of
 * dead tuples that nothing vacuums.
 */

/** A consumer this share of the way through what the topic holds is warned about before retention catches it. */
const LAG_WARN_SHARE = 0.8;
const DEAD_TUPLE_WARN = 0.2;
const VACUUM_STALE_MS = 7 * 86_400_000;

function issue(
  metric: string,
  severity: ValidationIssue['severity'],
  observed: number,
  expectedHigh: number | null,
  expectation: string,
  explanation: string,
  expectedLow: number | null = null,
): ValidationIssue {
  return {
    check: 'technical_spec',
    metric,
    severity,
    observed,
    expectedLow,
    expectedHigh,
    anomalyScore: null,
    expectation,
    explanation,
    relatedUrn: null,
  };
}

export function technicalSpecIssues(spec: TechnicalSpec, observedAt: number): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const seen = new Date(observedAt).toISOString();
  if (spec.kind === 'kafka') {
    const minIsr = spec.minInsyncReplicas ?? 1;
    if (spec.underReplicatedPartitions > 0) {
      const refusing = spec.minInSyncReplicaCount < minIsr;
      out.push(
        issue(
          'kafka.underReplicatedPartitions',
          refusing ? 'fail' : 'warn',
          spec.underReplicatedPartitions,
          0,
          'every partition with all its replicas in sync',
          `${spec.underReplicatedPartitions} of ${spec.partitions} partitions have fewer in-sync replicas than their ${spec.replicationFactor} replicas (as of ${seen})` +
            (refusing
              ? `; one has ${spec.minInSyncReplicaCount}, below min.insync.replicas ${minIsr}, so producers with acks=all are refused.`
              : '.'),
        ),
      );
    }
    if (spec.replicationFactor < minIsr)
      out.push(
        issue(
          'kafka.replicationFactor',
          'fail',
          spec.replicationFactor,
          null,
          `a replication factor of at least min.insync.replicas (${minIsr})`,
          `The topic has ${spec.replicationFactor} replicas per partition but requires ${minIsr} in sync: writes with acks=all can never succeed.`,
          minIsr,
        ),
      );
    if (spec.messageCount > 0)
      for (const group of spec.consumerGroups) {
        const share = group.lag / spec.messageCount;
        if (share < LAG_WARN_SHARE) continue;
        const lost = group.lag > spec.messageCount;
        const retention =
          spec.retentionMs !== null && spec.retentionMs >= 0
            ? `retention.ms ${spec.retentionMs}`
            : spec.retentionBytes !== null && spec.retentionBytes >= 0
              ? `retention.bytes ${spec.retentionBytes}`
              : 'its retention';
        out.push(
          issue(
            `kafka.consumerLag:${group.groupId}`,
            lost ? 'fail' : 'warn',
            group.lag,
            Math.floor(spec.messageCount * LAG_WARN_SHARE),
            `a lag well within the ${spec.messageCount} messages the topic keeps (${retention})`,
            lost
              ? `Consumer group ${group.groupId} is ${group.lag} messages behind but the topic keeps only ${spec.messageCount} (${retention}): it has lost messages to retention.`
              : `Consumer group ${group.groupId} is ${group.lag} of the ${spec.messageCount} messages the topic keeps behind (${retention}): retention will delete messages it has not read.`,
          ),
        );
      }
  }
  if (spec.kind === 'postgres' && spec.deadTupleRatio !== null && spec.deadTupleRatio > DEAD_TUPLE_WARN) {
    const lastVacuum = Math.max(spec.lastVacuum ?? 0, spec.lastAutovacuum ?? 0);
    if (observedAt - lastVacuum > VACUUM_STALE_MS)
      out.push(
        issue(
          'postgres.deadTupleRatio',
          'warn',
          Number(spec.deadTupleRatio.toFixed(3)),
          DEAD_TUPLE_WARN,
          `at most ${DEAD_TUPLE_WARN * 100}% dead tuples, or a vacuum within 7 days`,
          `${(spec.deadTupleRatio * 100).toFixed(0)}% of the table's tuples are dead and it was last vacuumed ${lastVacuum ? new Date(lastVacuum).toISOString() : 'never'}: scans read the bloat.`,
        ),
      );
  }
  return out;
}

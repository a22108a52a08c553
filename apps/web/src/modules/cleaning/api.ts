// The cleaning API as the duplicates screens use it (apps/server/src/modules/cleaning).
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../api/client';
import type { Entity } from '../customers/api';

export interface DuplicatePair {
  id: string;
  type: Entity;
  score: number;
  reasons: { kind: 'phone' | 'email' | 'nationalId' | 'name'; value?: string; similarity?: number }[];
  records: [{ id: string; title: string }, { id: string; title: string }];
}

export interface Merge {
  id: string;
  survivorId: string;
  mergedId: string;
  moved: { mover: string; count: number }[];
}

export const duplicatesKey = ['duplicates'] as const;

interface JobRun {
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
}

/** Follows a background job (GET /api/v1/jobs/:id each second) and calls `onDone(succeeded)` when it ends. */
export function useJobDone(jobId: string | null, onDone: (succeeded: boolean) => void): void {
  const job = useQuery({
    queryKey: ['jobs', jobId],
    queryFn: () => api.get<JobRun>(`/api/v1/jobs/${jobId}`),
    enabled: jobId !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'queued' || status === 'running' || !status ? 1000 : false;
    },
  });
  const status = job.data?.status;
  const finished = status === 'succeeded' || status === 'failed' || status === 'cancelled';
  // biome-ignore lint/correctness/useExhaustiveDependencies: called once when the job finishes
  useEffect(() => {
    if (jobId && (finished || job.isError)) onDone(status === 'succeeded');
  }, [jobId, finished, job.isError]);
}

/** The checks of GET /api/v1/data-quality (apps/server/src/modules/cleaning/quality.ts). */
export type QualityCheckName =
  | 'invalid_phone'
  | 'invalid_email'
  | 'invalid_national_id'
  | 'no_phone_or_email'
  | 'no_owner'
  | 'out_of_domain'
  | 'not_normalised'
  | 'non_canonical_phone'
  | 'non_canonical_email';

export interface QualityCheck {
  type: Entity;
  check: QualityCheckName;
  count: number;
  fixable: boolean;
  sampleIds: string[];
}

export interface QualityReport {
  scanned: Partial<Record<Entity, number>>;
  checks: QualityCheck[];
}

export interface QualityIssue {
  id: string;
  title: string;
  problems: { check: QualityCheckName; field: string; value?: unknown; message: string }[];
}

export const qualityKeys = {
  all: ['data-quality'] as const,
  report: (entity: Entity) => ['data-quality', 'report', entity] as const,
  issues: (entity: Entity, check: string) => ['data-quality', 'issues', entity, check] as const,
};

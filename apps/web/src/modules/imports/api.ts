// The imports/exports API as the wizard and the export dialog use it. Shapes follow
// apps/server/src/modules/imports/schemas.ts and platform/jobs/routes.ts (JobRun).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { customerKeys, type Entity } from '../customers/api';

export const POLICIES = ['skip', 'update', 'create'] as const;
export type DuplicatePolicy = (typeof POLICIES)[number];
export type ImportStatus = 'ready' | 'dry_running' | 'running' | 'stopped' | 'failed' | 'completed';
export type RowOutcome = 'rejected' | 'skipped' | 'updated' | 'created';
export type RunMode = 'run' | 'dry_run';

export interface ImportCounts {
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  blank: number;
  accountsCreated: number;
}

export interface TargetField {
  key: string;
  labelEn: string;
  labelFa: string;
  list: boolean;
}

export interface MappingEntry {
  column: number;
  field: string | null;
}

export interface ImportView {
  id: string;
  type: Entity;
  fileName: string;
  size: number;
  format: string;
  columns: { index: number; header: string; samples: string[]; field: string | null }[];
  mapping: MappingEntry[];
  fields: TargetField[];
  duplicatePolicy: DuplicatePolicy;
  status: ImportStatus;
  rowsTotal: number | null;
  lastRow: number;
  counts: ImportCounts;
  dryRun:
    | (ImportCounts & {
        status: 'running' | 'completed' | 'failed' | 'stopped';
        lastRow: number;
        rowsTotal: number | null;
        startedAt: string;
        finishedAt: string | null;
        error: string | null;
      })
    | null;
  jobId: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  version: number;
}

export interface RowError {
  column: string | null;
  field: string;
  message: string;
  code: string;
}

export interface ImportRow {
  row: number;
  outcome: RowOutcome;
  errors: RowError[];
  cells: string[] | null;
}

export interface JobStarted {
  import: ImportView;
  jobId: string;
}

export interface JobRun {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: number;
  total: number | null;
  error: string | null;
  ratePerSecond: number | null;
  etaSeconds: number | null;
}

export const EXPORT_FORMATS = ['csv', 'xlsx', 'vcard'] as const;
/** The lists that can be exported: the customer records, and tasks. */
export type ExportType = Entity | 'task';
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportView {
  id: string;
  type: ExportType;
  format: ExportFormat;
  status: 'queued' | 'running' | 'completed' | 'failed';
  rowsWritten: number;
  size: number | null;
  fileName: string | null;
  jobId: string | null;
  error: string | null;
}

export const importKeys = {
  view: (id: string) => ['imports', id] as const,
  rows: (id: string, mode: RunMode) => ['imports', id, 'rows', mode] as const,
};

export const rejectsUrl = (id: string, mode: RunMode) => `/api/v1/imports/${id}/rejects.csv?mode=${mode}`;
export const exportFileUrl = (id: string) => `/api/v1/exports/${id}/file`;

export function useImport(id: string | null) {
  return useQuery({
    queryKey: importKeys.view(id ?? ''),
    enabled: id !== null,
    queryFn: () => api.get<ImportView>(`/api/v1/imports/${id}`),
  });
}

export function useUploadImport(entity: Entity) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      api.upload<ImportView>(`/api/v1/imports?type=${entity}&name=${encodeURIComponent(file.name)}`, file),
    onSuccess: (created) => queryClient.setQueryData(importKeys.view(created.id), created),
  });
}

/** Saves the mapping and the duplicate policy. If-Match is optional on this route and not sent. */
export function useSaveMapping(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { mapping: MappingEntry[]; duplicatePolicy: DuplicatePolicy }) =>
      api.patch<ImportView>(`/api/v1/imports/${id}`, body),
    onSuccess: (saved) => queryClient.setQueryData(importKeys.view(id), saved),
  });
}

/** dry-run, run and resume answer with the import and the job to follow; stop with the import. */
export function useImportAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (action: 'dry-run' | 'run' | 'resume' | 'stop'): Promise<ImportView> => {
      if (action === 'stop') return api.post<ImportView>(`/api/v1/imports/${id}/stop`);
      return (await api.post<JobStarted>(`/api/v1/imports/${id}/${action}`)).import;
    },
    onSuccess: (view) => {
      queryClient.setQueryData(importKeys.view(id), view);
      void queryClient.invalidateQueries({ queryKey: ['imports', id, 'rows'] });
    },
  });
}

/** One page of the per-row report; `after` is the previous page's last row (0 for the first page). */
export function useImportRows(id: string, mode: RunMode, outcome: RowOutcome, after: number, limit: number) {
  return useQuery({
    queryKey: [...importKeys.rows(id, mode), outcome, after, limit],
    queryFn: () =>
      api.get<{ items: ImportRow[]; nextAfter: number | null }>(
        `/api/v1/imports/${id}/rows?mode=${mode}&outcome=${outcome}&after=${after}&limit=${limit}`,
      ),
    placeholderData: (previous) => previous,
  });
}

const FINISHED: ReadonlySet<JobRun['status']> = new Set(['succeeded', 'failed', 'cancelled']);
export const isFinished = (job: JobRun | undefined) => job !== undefined && FINISHED.has(job.status);

/**
 * Follows a job live through its server-sent events (GET /api/v1/jobs/:id/events: `progress` whenever
 * it changes, then `done`). Should the stream fail (a proxy that buffers it, say), it falls back to
 * polling GET /api/v1/jobs/:id every second. Calls `onDone` once when the job has finished.
 */
export function useJobProgress(jobId: string | null, onDone?: (job: JobRun) => void): JobRun | undefined {
  const [job, setJob] = useState<JobRun | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: one subscription per job; onDone is read when it fires
  useEffect(() => {
    setJob(undefined);
    if (!jobId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | undefined;
    const finish = (last: JobRun) => {
      if (stopped) return;
      stopped = true;
      setJob(last);
      onDone?.(last);
    };
    const poll = async () => {
      if (stopped) return;
      try {
        const next = await api.get<JobRun>(`/api/v1/jobs/${jobId}`);
        if (isFinished(next)) return finish(next);
        if (!stopped) setJob(next);
      } catch {
        // try again on the next tick
      }
      if (!stopped) timer = setTimeout(() => void poll(), 1000);
    };
    if (typeof EventSource === 'function') {
      source = new EventSource(`/api/v1/jobs/${jobId}/events`);
      const read = (event: MessageEvent<string>): JobRun | undefined => {
        try {
          return JSON.parse(event.data) as JobRun;
        } catch {
          return undefined;
        }
      };
      source.addEventListener('progress', (event) => {
        const next = read(event);
        if (!next || stopped) return;
        if (isFinished(next)) finish(next);
        else setJob(next);
      });
      source.addEventListener('done', (event) => {
        source?.close();
        const next = read(event);
        if (next) finish(next);
        else void poll();
      });
      source.onerror = () => {
        // The stream ends after `done`; any other error switches to polling.
        source?.close();
        void poll();
      };
    } else void poll();
    return () => {
      stopped = true;
      source?.close();
      if (timer) clearTimeout(timer);
    };
  }, [jobId]);
  return job;
}

export function useStartExport() {
  return useMutation({
    mutationFn: (body: {
      type: ExportType;
      format: ExportFormat;
      q?: string;
      filter?: Record<string, unknown>;
      headers: 'fa' | 'en';
    }) => api.post<ExportView>('/api/v1/exports', body),
  });
}

export function useExport(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['exports', id ?? ''],
    enabled: id !== null && enabled,
    queryFn: () => api.get<ExportView>(`/api/v1/exports/${id}`),
    // Asked once its job has ended; should the export still read as running, ask again each second.
    refetchInterval: (query) =>
      query.state.data?.status === 'queued' || query.state.data?.status === 'running' ? 1000 : false,
  });
}

/** After a run, the customer lists show the new records. */
export function useRefreshCustomers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: customerKeys.all });
}

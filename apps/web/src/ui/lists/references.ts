// The names behind reference fields (a uuid field whose /fields entry says what it `references`): the
// filter builder picks, and its chips show, a stage or a member by name, never by id. One loader per kind
// of record; only the kinds a list's filter uses are loaded.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ReferenceTarget } from './lists';

export interface ReferenceOption {
  id: string;
  label: string;
  /** Options are shown under this heading (a stage under its pipeline). */
  group?: string;
}

interface PipelineRow {
  id: string;
  name: string;
  stages: { id: string; name: string }[];
}

/** The options of each kind of reference, loading only the kinds asked for (kept for a minute). */
export function useReferences(targets: readonly (ReferenceTarget | undefined)[]) {
  const wants = (target: ReferenceTarget) => targets.includes(target);
  const members = useQuery({
    queryKey: ['lists', 'references', 'member'],
    queryFn: async () =>
      (await api.get<{ items: { id: string; name: string }[] }>('/api/v1/users?limit=200')).items,
    enabled: wants('member'),
    staleTime: 60_000,
  });
  const pipelines = useQuery({
    queryKey: ['lists', 'references', 'pipeline'],
    queryFn: async () => (await api.get<{ items: PipelineRow[] }>('/api/v1/pipelines')).items,
    enabled: wants('pipeline') || wants('stage'),
    staleTime: 60_000,
  });
  const options: Record<ReferenceTarget, ReferenceOption[]> = {
    member: (members.data ?? []).map((m) => ({ id: m.id, label: m.name })),
    pipeline: (pipelines.data ?? []).map((p) => ({ id: p.id, label: p.name })),
    stage: (pipelines.data ?? []).flatMap((p) =>
      p.stages.map((s) => ({ id: s.id, label: s.name, group: p.name })),
    ),
  };
  return {
    options: (target: ReferenceTarget) => options[target],
    /** The name of a record, or undefined while it loads (or when it is gone). */
    label: (target: ReferenceTarget, id: string) => options[target].find((o) => o.id === id)?.label,
  };
}

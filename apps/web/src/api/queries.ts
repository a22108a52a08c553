import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from './client';
import type { Me, SetupStatus } from './types';

export const meKey = ['me'] as const;
export const setupKey = ['setup'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/v1/me');
  } catch (error) {
    if (isApiError(error, 401)) return null;
    throw error;
  }
}

/** The signed-in user, or null when signed out (401). */
export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000 });
}

/**
 * Whether the signed-in member's role may take an action in a permission module, as the server decides
 * it (platform/permissions/can.ts): screens hide the controls the server would refuse.
 */
export function useCan(module: string, action: 'read' | 'create' | 'update' | 'delete' | 'export'): boolean {
  const granted = useMe().data?.role?.rights[module] ?? [];
  return granted.includes(action) || granted.includes('admin');
}

export function useSetup() {
  return useQuery({
    queryKey: setupKey,
    queryFn: () => api.get<SetupStatus>('/api/v1/setup'),
    staleTime: 60_000,
  });
}

/** After signing in or out, switching organisation or accepting an invitation: forget cached data, load /me again. */
export function useSessionChanged() {
  const queryClient = useQueryClient();
  return async (): Promise<Me | null> => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
    return queryClient.fetchQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 0 });
  };
}

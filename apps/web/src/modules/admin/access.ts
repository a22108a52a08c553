/** Who may open the administration: the organisation's owners and admins (role key from /api/v1/me). */
export function isAdministrator(roleKey: string | undefined): boolean {
  return roleKey === 'owner' || roleKey === 'admin';
}

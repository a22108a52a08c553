import Add from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import { useTheme } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorState } from '../../ui/ErrorState';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { isolate } from '../../ui/format';
import { PageLoader } from '../../ui/PageLoader';
import {
  ACTIONS,
  type Action,
  adminKeys,
  permissionModules,
  type Rights,
  type Role,
  SCOPES,
  type Scope,
  useAdminMutation,
  useRoles,
} from './api';
import { fieldError, hasFieldErrors, Section, useRoleLabel } from './shared';

/** A module's name in the UI language, or its key when the catalogues do not know it yet. */
function useModuleLabel(): (key: string) => string {
  const { t, i18n } = useTranslation();
  return (key) => (i18n.exists(`admin.modules.${key}`) ? t(`admin.modules.${key}`) : key);
}

/** Modules × actions; read-only for built-in roles. Scrolls sideways on its own on a phone. */
function RightsMatrix({
  modules,
  rights,
  onChange,
  caption,
}: {
  modules: string[];
  rights: Rights;
  onChange?: (rights: Rights) => void;
  caption: string;
}) {
  const { t } = useTranslation();
  const moduleLabel = useModuleLabel();
  const phone = useMediaQuery(useTheme().breakpoints.down('sm'));
  const toggle = (module: string, action: Action, on: boolean) => {
    const current = new Set(rights[module] ?? []);
    if (on) current.add(action);
    else current.delete(action);
    const next = { ...rights, [module]: ACTIONS.filter((a) => current.has(a)) };
    onChange?.(next);
  };
  const label = (module: string, action: Action) =>
    t('admin.roles.right', { action: t(`admin.actions.${action}`), module: moduleLabel(module) });
  if (phone)
    // At phone width each module is a group of its six rights, wrapping, so nothing hides off screen.
    return (
      <Box data-testid="rights-matrix" role="group" aria-label={caption}>
        {modules.map((module) => (
          <Box
            component="fieldset"
            key={module}
            sx={{ border: 0, borderBottom: 1, borderColor: 'divider', m: 0, px: 0, py: 1, minWidth: 0 }}
          >
            <Typography component="legend" sx={{ fontWeight: 600, p: 0 }}>
              {moduleLabel(module)}
            </Typography>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 1 }}>
              {ACTIONS.map((action) => (
                <FormControlLabel
                  key={action}
                  sx={{ m: 0, minWidth: 104 }}
                  label={t(`admin.actions.${action}`)}
                  control={
                    <Checkbox
                      size="small"
                      checked={(rights[module] ?? []).includes(action)}
                      disabled={!onChange}
                      onChange={(event) => toggle(module, action, event.target.checked)}
                      slotProps={{ input: { 'aria-label': label(module, action) } }}
                    />
                  }
                />
              ))}
            </Box>
          </Box>
        ))}
      </Box>
    );
  return (
    <Box sx={{ overflowX: 'auto', maxWidth: '100%' }} data-testid="rights-matrix">
      <Table size="small" aria-label={caption} sx={{ minWidth: 560 }}>
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              {t('admin.roles.module')}
            </TableCell>
            {ACTIONS.map((action) => (
              <TableCell key={action} component="th" scope="col" align="center">
                {t(`admin.actions.${action}`)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {modules.map((module) => (
            <TableRow key={module}>
              <TableCell component="th" scope="row">
                {moduleLabel(module)}
              </TableCell>
              {ACTIONS.map((action) => (
                <TableCell key={action} align="center" padding="checkbox">
                  <Checkbox
                    size="small"
                    checked={(rights[module] ?? []).includes(action)}
                    disabled={!onChange}
                    onChange={(event) => toggle(module, action, event.target.checked)}
                    slotProps={{ input: { 'aria-label': label(module, action) } }}
                  />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

interface RoleInput {
  key: string;
  name: string;
  rights: Rights;
  scope: Scope;
}

/** Creates a custom role (role undefined), edits one, or shows a built-in role's rights. */
function RoleDialog({ role, modules, onClose }: { role?: Role; modules: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel(role ? [role] : []);
  const phone = useMediaQuery(useTheme().breakpoints.down('sm'));
  const scopeLabel = useId();
  const readOnly = role?.builtin ?? false;
  const [values, setValues] = useState<RoleInput>({
    key: role?.key ?? '',
    name: role?.name ?? '',
    rights: role?.rights ?? {},
    scope: role?.scope ?? 'own',
  });
  const save = useAdminMutation(
    (body: RoleInput) =>
      role
        ? api.patchVersion<Role>(
            `/api/v1/roles/${role.id}`,
            { name: body.name, rights: body.rights, scope: body.scope },
            role.version,
          )
        : api.post<Role>('/api/v1/roles', body),
    [adminKeys.roles],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Modules without any right are left out, as the server stores them.
    const rights = Object.fromEntries(
      Object.entries(values.rights).filter(([, actions]) => actions.length > 0),
    );
    save.mutate(
      { ...values, key: values.key.trim(), name: values.name.trim(), rights },
      { onSuccess: onClose },
    );
  };
  const keyError = fieldError(save.error, 'key', t);
  const nameError = fieldError(save.error, 'name', t);
  const scopeError = fieldError(save.error, 'scope', t);
  const rightsError =
    save.error && hasFieldErrors(save.error, modules) ? t('admin.errors.unknownModule') : undefined;
  const formError =
    save.error && !hasFieldErrors(save.error, ['key', 'name', 'scope', ...modules])
      ? problemMessage(save.error, t)
      : undefined;
  const title = readOnly
    ? t('admin.roles.viewTitle', { name: isolate(roleLabel(role?.key ?? '')) })
    : role
      ? t('admin.roles.editTitle', { name: isolate(role.name) })
      : t('admin.roles.create');
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" fullScreen={phone}>
      <form onSubmit={submit} noValidate>
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormAlert message={formError} />
            {readOnly ? (
              <Typography color="text.secondary">{t('admin.roles.builtinNote')}</Typography>
            ) : (
              <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
                <TextField
                  name="name"
                  label={t('admin.roles.name')}
                  value={values.name}
                  required
                  autoFocus
                  onChange={(event) => setValues((v) => ({ ...v, name: event.target.value }))}
                  error={Boolean(nameError)}
                  helperText={nameError}
                  sx={{ flex: '1 1 220px' }}
                />
                <TextField
                  name="key"
                  label={t('admin.roles.key')}
                  value={values.key}
                  required
                  disabled={Boolean(role)}
                  onChange={(event) => setValues((v) => ({ ...v, key: event.target.value }))}
                  error={Boolean(keyError)}
                  helperText={keyError ?? t('admin.roles.keyHelp', { example: 'sales_lead' })}
                  sx={{ flex: '1 1 220px' }}
                  slotProps={{ htmlInput: { dir: 'ltr' } }}
                />
              </Box>
            )}
            <Box>
              <FormLabel id={scopeLabel}>{t('admin.roles.scope')}</FormLabel>
              <RadioGroup
                row
                aria-labelledby={scopeLabel}
                value={values.scope}
                onChange={(_event, value) => setValues((v) => ({ ...v, scope: value as Scope }))}
              >
                {SCOPES.map((scope) => (
                  <FormControlLabel
                    key={scope}
                    value={scope}
                    disabled={readOnly}
                    control={<Radio />}
                    label={t(`admin.scopes.${scope}`)}
                  />
                ))}
              </RadioGroup>
              {scopeError ? (
                <Typography color="error" variant="body2">
                  {scopeError}
                </Typography>
              ) : null}
            </Box>
            {rightsError ? (
              <Typography role="alert" color="error" variant="body2">
                {rightsError}
              </Typography>
            ) : null}
            <RightsMatrix
              modules={modules}
              rights={values.rights}
              caption={t('admin.roles.rights')}
              onChange={readOnly ? undefined : (rights) => setValues((v) => ({ ...v, rights }))}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{readOnly ? t('admin.close') : t('common.cancel')}</Button>
          {readOnly ? null : (
            <Button type="submit" variant="contained" loading={save.isPending}>
              {t('common.save')}
            </Button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}

function RoleRow({ role, modules, roles }: { role: Role; modules: string[]; roles: Role[] }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel(roles);
  const [open, setOpen] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useAdminMutation(() => api.delete(`/api/v1/roles/${role.id}`), [adminKeys.roles]);
  const name = roleLabel(role.key);
  return (
    <ListItem divider sx={{ px: 0, display: 'flex', gap: 2, flexWrap: 'wrap' }} data-testid="role">
      <Box sx={{ flex: '1 1 240px', minWidth: 0 }}>
        <Typography sx={{ fontWeight: 600 }}>{name}</Typography>
        <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mt: 0.5 }}>
          <Chip
            size="small"
            variant="outlined"
            label={role.builtin ? t('admin.roles.builtin') : t('admin.roles.custom')}
          />
          <Chip size="small" label={t(`admin.scopes.${role.scope}`)} />
        </Box>
      </Box>
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button
          variant="outlined"
          onClick={() => setOpen(true)}
          aria-label={t(role.builtin ? 'admin.roles.viewNamed' : 'admin.roles.editNamed', { name })}
        >
          {role.builtin ? t('admin.roles.view') : t('admin.roles.editRights')}
        </Button>
        {role.builtin ? null : (
          <Button
            color="error"
            onClick={() => setDeleting(true)}
            aria-label={t('admin.roles.deleteNamed', { name })}
          >
            {t('admin.delete')}
          </Button>
        )}
      </Box>
      {open ? <RoleDialog role={role} modules={modules} onClose={() => setOpen(false)} /> : null}
      <ConfirmDialog
        open={deleting}
        title={t('admin.roles.deleteTitle')}
        message={t('admin.roles.deleteMessage', { name: isolate(name) })}
        confirm={t('admin.delete')}
        action={remove}
        onClose={() => setDeleting(false)}
      />
    </ListItem>
  );
}

export function RolesTab() {
  const { t } = useTranslation();
  const roles = useRoles();
  const [creating, setCreating] = useState(false);
  if (roles.isPending) return <PageLoader />;
  if (roles.isError) return <ErrorState onRetry={() => void roles.refetch()} />;
  const modules = permissionModules(roles.data);
  return (
    <Section
      title={t('admin.tabs.roles')}
      action={
        <Button variant="contained" startIcon={<Add />} onClick={() => setCreating(true)}>
          {t('admin.roles.create')}
        </Button>
      }
    >
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('admin.roles.intro')}
      </Typography>
      <List data-testid="roles">
        {roles.data.map((role) => (
          <RoleRow key={role.id} role={role} modules={modules} roles={roles.data} />
        ))}
      </List>
      {creating ? <RoleDialog modules={modules} onClose={() => setCreating(false)} /> : null}
    </Section>
  );
}

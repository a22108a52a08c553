import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Rating from '@mui/material/Rating';
import Stack from '@mui/material/Stack';
import { useTheme } from '@mui/material/styles';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormatPrefs } from '../../app/prefs';
import { problemMessage } from '../../ui/errors';
import { FormAlert } from '../../ui/FormAlert';
import { formatDate, formatNumber } from '../../ui/format';
import { customerKeys, PLURAL, useRefreshCustomer } from './api';

const TRUST_BASES = ['calculus', 'knowledge', 'identification'] as const;
const TRUST_DOMAINS = ['benevolence', 'honesty', 'competence'] as const;
const COMMITMENT_SIDES = ['ours', 'theirs'] as const;

interface Assessment {
  id: string;
  assessedAt: string;
  [score: string]: unknown;
}

/**
 * A small line chart of 1–5 scores over time, one line per series; its label says the latest values
 * (the picture alone would leave screen-reader users out).
 */
function ScoreChart({
  points,
  series,
  label,
}: {
  points: Assessment[];
  series: readonly string[];
  label: string;
}) {
  const theme = useTheme();
  const colors = [theme.palette.primary.main, theme.palette.warning.main, theme.palette.info.main];
  const width = 280;
  const height = 90;
  const x = (i: number) => (points.length === 1 ? width / 2 : 8 + (i * (width - 16)) / (points.length - 1));
  const y = (score: number) => height - 8 - ((score - 1) * (height - 16)) / 4;
  return (
    <Box
      component="svg"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      sx={{ width: '100%', maxWidth: width, direction: 'ltr' }}
    >
      {[1, 3, 5].map((s) => (
        <line key={s} x1={0} x2={width} y1={y(s)} y2={y(s)} stroke={theme.palette.divider} strokeWidth={1} />
      ))}
      {series.map((name, si) => (
        <g key={name} stroke={colors[si]} fill={colors[si]}>
          <polyline
            fill="none"
            strokeWidth={2}
            points={points.map((p, i) => `${x(i)},${y(Number(p[name]))}`).join(' ')}
          />
          {points.map((p, i) => (
            <circle key={p.id} cx={x(i)} cy={y(Number(p[name]))} r={3} />
          ))}
        </g>
      ))}
    </Box>
  );
}

function AssessDialog({
  kind,
  path,
  open,
  onClose,
  onSaved,
}: {
  kind: 'trust' | 'commitment';
  path: string;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const n = (value: number) => formatNumber(value, prefs);
  const names = kind === 'trust' ? TRUST_DOMAINS : COMMITMENT_SIDES;
  const [scores, setScores] = useState<Record<string, number | null>>({});
  const [basis, setBasis] = useState<(typeof TRUST_BASES)[number]>('calculus');
  const [text, setText] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.post(
        path,
        kind === 'trust'
          ? { ...scores, basis, ...(text.trim() ? { note: text.trim() } : {}) }
          : { ...scores, ...(text.trim() ? { investments: text.trim() } : {}) },
      ),
    onSuccess: () => {
      setScores({});
      setText('');
      onSaved();
    },
  });
  const missing = names.some((n) => !scores[n]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!missing) save.mutate();
  };
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="xs">
      <form onSubmit={submit} noValidate>
        <DialogTitle>{t(`customers.assess.${kind}.title`)}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormAlert message={save.error ? problemMessage(save.error, t) : undefined} />
            {names.map((name) => (
              <Box key={name}>
                <Typography component="legend" id={`assess-${name}`}>
                  {t(`customers.assess.${kind}.${name}`)}
                </Typography>
                <Rating
                  name={name}
                  value={scores[name] ?? null}
                  onChange={(_event, value) => setScores((s) => ({ ...s, [name]: value }))}
                  getLabelText={(value) => t('customers.assess.score', { value: n(value) })}
                />
              </Box>
            ))}
            {kind === 'trust' && (
              <TextField
                select
                label={t('customers.assess.trust.basis')}
                value={basis}
                onChange={(event) => setBasis(event.target.value as (typeof TRUST_BASES)[number])}
              >
                {TRUST_BASES.map((b) => (
                  <MenuItem key={b} value={b}>
                    {t(`customers.assess.trust.bases.${b}`)}
                  </MenuItem>
                ))}
              </TextField>
            )}
            <TextField
              label={t(`customers.assess.${kind}.text`)}
              value={text}
              onChange={(event) => setText(event.target.value)}
              multiline
              minRows={2}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" loading={save.isPending} disabled={missing}>
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Trust (three domains and its basis) and commitment (both sides), dated, with their history charted. */
export function AssessmentsPanel({ entity, id }: { entity: 'contact' | 'account'; id: string }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const refresh = useRefreshCustomer(entity, id);
  const [assessing, setAssessing] = useState<'trust' | 'commitment' | null>(null);
  const base = `/api/v1/${PLURAL[entity]}/${id}`;
  const trust = useQuery({
    queryKey: [...customerKeys.view(entity, id), 'trust'],
    queryFn: () => api.get<{ items: Assessment[] }>(`${base}/trust?limit=50`),
  });
  const commitment = useQuery({
    queryKey: [...customerKeys.view(entity, id), 'commitment'],
    queryFn: () => api.get<{ items: Assessment[] }>(`${base}/commitment?limit=50`),
  });
  const n = (value: unknown) => formatNumber(Number(value), prefs);
  const block = (kind: 'trust' | 'commitment', items: Assessment[] | undefined) => {
    const series = kind === 'trust' ? TRUST_DOMAINS : COMMITMENT_SIDES;
    const latest = items?.at(-1);
    const summary = latest
      ? series
          .map((s) => `${t(`customers.assess.${kind}.${s}`)} ${n(latest[s])}`)
          .join(t('cleaning.separator'))
      : '';
    return (
      <Box>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <Typography variant="h3" sx={{ flex: 1 }}>
            {t(`customers.assess.${kind}.name`)}
          </Typography>
          <Button size="small" onClick={() => setAssessing(kind)}>
            {t('customers.assess.action')}
          </Button>
        </Box>
        {latest ? (
          <>
            <Typography variant="body2" data-testid={`${kind}-latest`}>
              {summary}
            </Typography>
            <Typography variant="caption" color="text.secondary" component="p">
              {t('customers.assess.when', {
                date: formatDate(new Date(latest.assessedAt), prefs, { dateStyle: 'medium' }),
                count: items?.length ?? 0,
                n: n(items?.length ?? 0),
              })}
            </Typography>
            <ScoreChart
              points={items ?? []}
              series={series}
              label={t('customers.assess.chart', { name: t(`customers.assess.${kind}.name`), summary })}
            />
          </>
        ) : (
          <Typography color="text.secondary" variant="body2">
            {t('customers.assess.none')}
          </Typography>
        )}
      </Box>
    );
  };
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2, display: 'grid', gap: 2 }}
      component="section"
      aria-labelledby="assess-title"
    >
      <Typography variant="h2" id="assess-title">
        {t('customers.assess.title')}
      </Typography>
      {block('trust', trust.data?.items)}
      {block('commitment', commitment.data?.items)}
      {assessing && (
        <AssessDialog
          kind={assessing}
          path={`${base}/${assessing}`}
          open
          onClose={() => setAssessing(null)}
          onSaved={() => {
            setAssessing(null);
            void refresh();
          }}
        />
      )}
    </Paper>
  );
}

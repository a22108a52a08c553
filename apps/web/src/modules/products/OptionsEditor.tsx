import Add from '@mui/icons-material/Add';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../../app/prefs';
import { serverPathError } from '../../ui/errors';
import { formatNumber } from '../../ui/format';
import type { Choice, OptionGroup } from './api';

const emptyChoice = (): Choice => ({ code: '', nameFa: '', nameEn: '', skuSuffix: '', priceDelta: '0' });
const emptyGroup = (): OptionGroup => ({ code: '', nameFa: '', nameEn: '', choices: [emptyChoice()] });

/**
 * The option groups a customer configures (RAM, disk…), each with its choices' SKU suffix and price delta.
 * Server errors are shown where they belong by their path (options.1.choices.0.skuSuffix).
 */
export function OptionsEditor({
  value,
  onChange,
  error,
}: {
  value: OptionGroup[];
  onChange: (next: OptionGroup[]) => void;
  error: unknown;
}) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const number = (n: number) => formatNumber(n, prefs);
  const at = (path: string) => serverPathError(error, path, t);
  const setGroup = (g: number, patch: Partial<OptionGroup>) =>
    onChange(value.map((group, i) => (i === g ? { ...group, ...patch } : group)));
  const setChoice = (g: number, c: number, patch: Partial<Choice>) =>
    setGroup(g, {
      choices: (value[g]?.choices ?? []).map((choice, i) => (i === c ? { ...choice, ...patch } : choice)),
    });
  const field = (path: string, label: string, text: string, set: (v: string) => void, dir: 'ltr' | 'rtl') => (
    <TextField
      size="small"
      label={label}
      value={text}
      onChange={(event) => set(event.target.value)}
      error={Boolean(at(path))}
      helperText={at(path)}
      sx={{ flex: '1 1 110px' }}
      slotProps={{ htmlInput: { dir } }}
    />
  );

  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, minWidth: 0 }}>
      <Typography component="legend" variant="h3" sx={{ mb: 1 }}>
        {t('products.options.title')}
      </Typography>
      {at('options') ? (
        <Typography role="alert" color="error" variant="body2" sx={{ mb: 1 }}>
          {at('options')}
        </Typography>
      ) : null}
      <Stack spacing={2}>
        {value.map((group, g) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: groups are edited in place; their code can be empty
          <Paper key={g} variant="outlined" sx={{ p: 1.5 }} data-testid="option-group">
            <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start', mb: 1 }}>
              {field(
                `options.${g}.code`,
                t('products.options.code'),
                group.code,
                (code) => setGroup(g, { code }),
                'ltr',
              )}
              {field(
                `options.${g}.nameFa`,
                t('products.nameFa'),
                group.nameFa,
                (nameFa) => setGroup(g, { nameFa }),
                'rtl',
              )}
              {field(
                `options.${g}.nameEn`,
                t('products.nameEn'),
                group.nameEn,
                (nameEn) => setGroup(g, { nameEn }),
                'ltr',
              )}
              <IconButton
                aria-label={t('products.options.removeGroup', { n: number(g + 1) })}
                onClick={() => onChange(value.filter((_group, i) => i !== g))}
              >
                <DeleteOutlined />
              </IconButton>
            </Box>
            <Stack spacing={1}>
              {group.choices.map((choice, c) => {
                const path = `options.${g}.choices.${c}`;
                return (
                  <Box
                    // biome-ignore lint/suspicious/noArrayIndexKey: choices are edited in place
                    key={c}
                    sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start', ps: 2 }}
                  >
                    {field(
                      `${path}.code`,
                      t('products.options.code'),
                      choice.code,
                      (code) => setChoice(g, c, { code }),
                      'ltr',
                    )}
                    {field(
                      `${path}.nameFa`,
                      t('products.nameFa'),
                      choice.nameFa,
                      (nameFa) => setChoice(g, c, { nameFa }),
                      'rtl',
                    )}
                    {field(
                      `${path}.skuSuffix`,
                      t('products.options.skuSuffix'),
                      choice.skuSuffix,
                      (skuSuffix) => setChoice(g, c, { skuSuffix }),
                      'ltr',
                    )}
                    {field(
                      `${path}.priceDelta`,
                      t('products.options.priceDelta'),
                      choice.priceDelta,
                      (priceDelta) => setChoice(g, c, { priceDelta }),
                      'ltr',
                    )}
                    <IconButton
                      aria-label={t('products.options.removeChoice', { n: number(c + 1) })}
                      disabled={group.choices.length === 1}
                      onClick={() => setGroup(g, { choices: group.choices.filter((_choice, i) => i !== c) })}
                    >
                      <DeleteOutlined />
                    </IconButton>
                  </Box>
                );
              })}
            </Stack>
            <Button
              startIcon={<Add />}
              size="small"
              onClick={() => setGroup(g, { choices: [...group.choices, emptyChoice()] })}
            >
              {t('products.options.addChoice')}
            </Button>
          </Paper>
        ))}
      </Stack>
      <Button startIcon={<Add />} sx={{ mt: 1 }} onClick={() => onChange([...value, emptyGroup()])}>
        {t('products.options.addGroup')}
      </Button>
    </Box>
  );
}

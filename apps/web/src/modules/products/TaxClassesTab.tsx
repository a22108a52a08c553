import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { toLatinDigits } from '@peyvand/persian';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatPrefs } from '../../app/prefs';
import { serverFieldError } from '../../ui/errors';
import { localizeDigits } from '../../ui/format';
import { type TaxClass, useDeleteRecord, useSaveRecord, useTaxClasses } from './api';
import { RecordDialog } from './RecordDialog';
import { SetupTable } from './SetupTable';

type TaxClassInput = Pick<TaxClass, 'name' | 'rate' | 'isDefault'>;

/** The VAT classes products name: the default one first (new products get it). */
export default function TaxClassesTab() {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const taxClasses = useTaxClasses();
  const [open, setOpen] = useState<TaxClass | 'new' | null>(null);
  return (
    <>
      <SetupTable
        title={t('products.tabs.taxClasses')}
        query={taxClasses}
        createLabel={t('products.taxClasses.create')}
        onCreate={() => setOpen('new')}
        onOpen={setOpen}
        columns={[
          { label: t('products.taxClasses.name'), value: (c) => c.name },
          {
            label: t('products.taxClasses.rate'),
            value: (c) => t('products.taxClasses.percent', { rate: localizeDigits(c.rate, prefs.digits) }),
          },
          {
            label: t('products.taxClasses.isDefault'),
            value: (c) => (c.isDefault ? t('products.yes') : ''),
          },
        ]}
      />
      {open ? (
        <TaxClassDialog taxClass={open === 'new' ? undefined : open} onClose={() => setOpen(null)} />
      ) : null}
    </>
  );
}

function TaxClassDialog({ taxClass, onClose }: { taxClass?: TaxClass; onClose: () => void }) {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  const [values, setValues] = useState<TaxClassInput>({
    name: taxClass?.name ?? '',
    rate: taxClass?.rate ?? '',
    isDefault: taxClass?.isDefault ?? false,
  });
  const save = useSaveRecord<Partial<TaxClassInput>, TaxClass>('tax-classes', taxClass);
  const remove = useDeleteRecord('tax-classes', taxClass);
  const errorOf = (field: string) => serverFieldError(save.error, field, t);
  // The default moves by making another class the default, so a change never unsets it (PATCH takes only true).
  const input = values.isDefault && !taxClass?.isDefault ? values : { name: values.name, rate: values.rate };
  return (
    <RecordDialog
      title={taxClass ? taxClass.name : t('products.taxClasses.create')}
      onClose={onClose}
      onSubmit={() => save.mutate(input, { onSuccess: onClose })}
      save={save}
      remove={
        taxClass
          ? {
              title: t('products.taxClasses.deleteTitle'),
              message: t('products.taxClasses.deleteMessage'),
              action: remove,
            }
          : undefined
      }
    >
      <TextField
        name="name"
        label={t('products.taxClasses.name')}
        required
        value={values.name}
        onChange={(event) => setValues((v) => ({ ...v, name: event.target.value }))}
        error={Boolean(errorOf('name'))}
        helperText={errorOf('name')}
      />
      <TextField
        name="rate"
        label={t('products.taxClasses.rate')}
        required
        value={localizeDigits(values.rate, prefs.digits)}
        onChange={(event) => setValues((v) => ({ ...v, rate: toLatinDigits(event.target.value.trim()) }))}
        error={Boolean(errorOf('rate'))}
        helperText={errorOf('rate') ?? t('products.taxClasses.rateHelp')}
        slotProps={{ htmlInput: { dir: 'ltr', inputMode: 'decimal' } }}
      />
      <FormControlLabel
        control={
          <Switch
            checked={values.isDefault}
            disabled={taxClass?.isDefault}
            onChange={(event) => setValues((v) => ({ ...v, isDefault: event.target.checked }))}
          />
        }
        label={t('products.taxClasses.isDefault')}
      />
    </RecordDialog>
  );
}

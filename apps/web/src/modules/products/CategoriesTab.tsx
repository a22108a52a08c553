import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { serverFieldError } from '../../ui/errors';
import { type Category, nameIn, useCategories, useDeleteRecord, useSaveRecord } from './api';
import { RecordDialog } from './RecordDialog';
import { SetupTable } from './SetupTable';

type CategoryInput = Pick<Category, 'nameFa' | 'nameEn'>;

/** The product categories: a flat list, named in Persian and (optionally) English. */
export default function CategoriesTab() {
  const { t } = useTranslation();
  const categories = useCategories();
  const [open, setOpen] = useState<Category | 'new' | null>(null);
  return (
    <>
      <SetupTable
        title={t('products.tabs.categories')}
        query={categories}
        createLabel={t('products.categories.create')}
        onCreate={() => setOpen('new')}
        onOpen={setOpen}
        columns={[
          { label: t('products.nameFa'), value: (c) => c.nameFa },
          { label: t('products.nameEn'), value: (c) => c.nameEn },
        ]}
      />
      {open ? (
        <CategoryDialog category={open === 'new' ? undefined : open} onClose={() => setOpen(null)} />
      ) : null}
    </>
  );
}

function CategoryDialog({ category, onClose }: { category?: Category; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState<CategoryInput>({
    nameFa: category?.nameFa ?? '',
    nameEn: category?.nameEn ?? '',
  });
  const save = useSaveRecord<CategoryInput, Category>('product-categories', category);
  const remove = useDeleteRecord('product-categories', category);
  const field = (key: keyof CategoryInput, dir: 'rtl' | 'ltr', required: boolean) => (
    <TextField
      name={key}
      label={t(`products.${key}`)}
      required={required}
      value={values[key]}
      onChange={(event) => setValues((v) => ({ ...v, [key]: event.target.value }))}
      error={Boolean(serverFieldError(save.error, key, t))}
      helperText={serverFieldError(save.error, key, t)}
      slotProps={{ htmlInput: { dir } }}
    />
  );
  return (
    <RecordDialog
      title={category ? nameIn(category, i18n.language) : t('products.categories.create')}
      onClose={onClose}
      onSubmit={() => save.mutate(values, { onSuccess: onClose })}
      save={save}
      remove={
        category
          ? {
              title: t('products.categories.deleteTitle'),
              message: t('products.categories.deleteMessage'),
              action: remove,
            }
          : undefined
      }
    >
      {field('nameFa', 'rtl', true)}
      {field('nameEn', 'ltr', false)}
    </RecordDialog>
  );
}

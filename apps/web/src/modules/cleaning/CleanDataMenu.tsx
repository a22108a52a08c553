import CleaningServicesOutlined from '@mui/icons-material/CleaningServicesOutlined';
import ExpandMore from '@mui/icons-material/ExpandMore';
import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import type { Entity } from '../customers/api';

/** The customers screen's way into data cleaning: the possible-duplicates queue and the quality report. */
export function CleanDataMenu({ entity }: { entity: Entity }) {
  const { t } = useTranslation();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  return (
    <>
      <Button
        startIcon={<CleaningServicesOutlined />}
        endIcon={<ExpandMore />}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        {t('cleaning.quality.menu')}
      </Button>
      <Menu id={menuId} anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        <MenuItem component={RouterLink} to={`/customers/duplicates?type=${entity}`}>
          {t('cleaning.quality.duplicatesAction')}
        </MenuItem>
        <MenuItem component={RouterLink} to={`/customers/quality?type=${entity}`}>
          {t('cleaning.quality.action')}
        </MenuItem>
      </Menu>
    </>
  );
}

/** Save and Cancel under a drawer's form. */
import { Button, Group } from '@mantine/core';
import { useT } from '../../i18n/i18n';

export function FormActions({
  pending,
  onCancel,
  submitLabel,
}: {
  pending: boolean;
  onCancel: () => void;
  submitLabel?: string;
}) {
  const t = useT();
  return (
    <Group justify="flex-end" gap="xs">
      <Button variant="default" onClick={onCancel}>
        {t('form.cancel')}
      </Button>
      <Button type="submit" loading={pending}>
        {submitLabel ?? t('form.save')}
      </Button>
    </Group>
  );
}

import { Title } from '@mantine/core';
import { type FormEvent, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { SiteInput } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { FormActions, FormError, FormStack, TextField } from '../components/FormFields';
import { orNull, useForm } from '../components/useForm';

const EMPTY = { name: '', customerName: '', address: '', contactName: '', contactPhone: '', notes: '' };

/** Create a site (/sites/new) or edit one (/sites/:id/edit). */
export function SiteFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const { client } = useApi();
  const existing = useApiQuery('sites.get', { id: id ?? '' }, { enabled: Boolean(id) });
  const customers = useApiQuery('customers.names', {});
  const form = useForm(EMPTY);
  const { reset } = form;

  useEffect(() => {
    const site = existing.data;
    if (!site) return;
    reset({
      name: site.name,
      customerName: site.customerName ?? '',
      address: site.address ?? '',
      contactName: site.contactName ?? '',
      contactPhone: site.contactPhone ?? '',
      notes: site.notes ?? '',
    });
  }, [existing.data, reset]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const v = form.values;
    const input = {
      name: v.name,
      customerName: orNull(v.customerName),
      address: orNull(v.address),
      contactName: orNull(v.contactName),
      contactPhone: orNull(v.contactPhone),
      notes: orNull(v.notes),
    };
    if (!form.validate(SiteInput, input)) return;
    try {
      const site = id ? await client.call('sites.update', { id, site: input }) : await client.call('sites.create', input);
      void navigate(`/sites/${site.id}`);
    } catch (error) {
      form.showApiError(error);
    }
  };

  return (
    <section aria-labelledby="site-form-title">
      <Title order={1} id="site-form-title" mb="sm">
        {id ? t('sites.edit') : t('sites.new')}
      </Title>
      <FormStack onSubmit={(e) => void onSubmit(e)}>
        <FormError message={form.formError} />
        <TextField form={form} field="name" label={t('sites.name')} required />
        <TextField form={form} field="customerName" label={t('sites.customer')} list="customer-names" />
        <datalist id="customer-names">
          {(customers.data ?? []).map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <TextField form={form} field="address" label={t('sites.address')} />
        <TextField form={form} field="contactName" label={t('sites.contactName')} />
        <TextField form={form} field="contactPhone" label={t('sites.contactPhone')} type="tel" />
        <TextField form={form} field="notes" label={t('sites.notes')} multiline />
        <FormActions saveLabel={t('common.save')} cancelLabel={t('common.cancel')} onCancel={() => void navigate(-1)} />
      </FormStack>
    </section>
  );
}

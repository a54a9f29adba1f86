import { type FormEvent, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { AssetInput, AssetKind, COMMON_REFRIGERANTS } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { FormActions, FormError, SelectField, TextField } from '../components/FormFields';
import { orNull, useForm } from '../components/useForm';
import { EMPTY_FACTS, FactsFields, factsInputOf, factValuesOf } from '../equipment/FactsFields';

const EMPTY = {
  name: '',
  kind: 'compressor',
  maker: '',
  model: '',
  serialNumber: '',
  refrigerant: '',
  assetTag: '',
  location: '',
  notes: '',
  ...EMPTY_FACTS,
};

/** Add equipment to a site (/sites/:siteId/assets/new) or edit it (/assets/:id/edit). */
export function AssetFormPage() {
  const { t } = useTranslation();
  const { id, siteId } = useParams();
  const navigate = useNavigate();
  const { client } = useApi();
  const existing = useApiQuery('assets.get', { id: id ?? '' }, { enabled: Boolean(id) });
  const form = useForm(EMPTY);
  const { reset } = form;

  useEffect(() => {
    const a = existing.data;
    if (!a) return;
    reset({
      name: a.name,
      kind: a.kind,
      maker: a.maker ?? '',
      model: a.model ?? '',
      serialNumber: a.serialNumber ?? '',
      refrigerant: a.refrigerant ?? '',
      assetTag: a.assetTag ?? '',
      location: a.location ?? '',
      notes: a.notes ?? '',
      ...factValuesOf(a.facts),
    });
  }, [existing.data, reset]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const v = form.values;
    const fields = {
      name: v.name,
      kind: v.kind as AssetKind,
      maker: orNull(v.maker),
      model: orNull(v.model),
      serialNumber: orNull(v.serialNumber),
      refrigerant: orNull(v.refrigerant),
      assetTag: orNull(v.assetTag),
      location: orNull(v.location),
      notes: orNull(v.notes),
      facts: factsInputOf(v),
    };
    const targetSite = siteId ?? existing.data?.siteId ?? '';
    if (!form.validate(AssetInput, { ...fields, siteId: targetSite })) return;
    try {
      const asset = id
        ? await client.call('assets.update', { id, asset: fields })
        : await client.call('assets.create', { ...fields, siteId: targetSite });
      void navigate(`/assets/${asset.id}`);
    } catch (error) {
      form.showApiError(error);
    }
  };

  return (
    <section aria-labelledby="asset-form-title">
      <h1 id="asset-form-title">{id ? t('assets.edit') : t('assets.new')}</h1>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <FormError message={form.formError} />
        <TextField form={form} field="name" label={t('assets.name')} required />
        <SelectField
          form={form}
          field="kind"
          label={t('assets.kind')}
          required
          options={AssetKind.options.map((k) => ({ value: k, label: t(`assets.kinds.${k}`) }))}
        />
        <TextField form={form} field="assetTag" label={t('assets.assetTag')} />
        <TextField form={form} field="maker" label={t('assets.maker')} />
        <TextField form={form} field="model" label={t('assets.model')} />
        <TextField form={form} field="serialNumber" label={t('assets.serialNumber')} />
        <TextField form={form} field="refrigerant" label={t('assets.refrigerant')} list="refrigerants" />
        <datalist id="refrigerants">
          {COMMON_REFRIGERANTS.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        <TextField form={form} field="location" label={t('assets.location')} />
        <TextField form={form} field="notes" label={t('assets.notes')} multiline />
        <FactsFields values={form.values} errors={form.errors} set={form.set} />
        <FormActions saveLabel={t('common.save')} cancelLabel={t('common.cancel')} onCancel={() => void navigate(-1)} />
      </form>
    </section>
  );
}

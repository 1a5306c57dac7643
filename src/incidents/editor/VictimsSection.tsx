import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActorPicker } from '../../actors/ActorPicker';
import type { Actor, ActorBody } from '../../domain/actor';
import { focusField } from '../../ui/field-ids';
import { removeAt, replaceAt } from '../../ui/list-edit';
import { RepeatingSection } from '../../ui/RepeatingSection';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { useVocabOptions } from '../../ui/useVocabOptions';
import { emptyVictimRow } from './incident-form';
import type { SectionProps } from './section-props';

interface VictimsSectionProps extends SectionProps {
  actors: readonly Actor[];
  createActor: (body: ActorBody) => Promise<Actor>;
}

/** People and organisations affected, each linked to its own record with a role here. */
export function VictimsSection({
  form,
  update,
  errorFor,
  fieldId,
  actors,
  createActor,
}: VictimsSectionProps) {
  const { t } = useTranslation(['editor', 'vocab']);
  const roles = useVocabOptions('victimRole');
  const [picking, setPicking] = useState(false);
  const actorsById = useMemo(() => new Map(actors.map((actor) => [actor.id, actor])), [actors]);
  const linkedIds = useMemo(
    () => new Set(form.victims.map((victim) => victim.actorId)),
    [form.victims],
  );

  const link = (actor: Actor, role: string) => {
    const index = form.victims.length;
    update((current) => ({
      ...current,
      victims: [...current.victims, emptyVictimRow(actor.id, role)],
    }));
    setPicking(false);
    requestAnimationFrame(() => focusField(fieldId(`victims.${index}.role`)));
  };

  return (
    <section className="editor-section" aria-labelledby="editor-victims-heading">
      <h2 className="editor-section__heading" id="editor-victims-heading">
        {t('sections.victims')}
      </h2>
      <RepeatingSection
        id={fieldId('victims')}
        legend={t('fields.victims.legend')}
        legendHidden
        rows={form.victims}
        emptyText={t('fields.victims.empty')}
        rowLegend={(index) => t('fields.victims.row', { n: index + 1 })}
        removeLabel={(index) => t('fields.victims.remove', { n: index + 1 })}
        onRemove={(index) =>
          update((current) => ({ ...current, victims: removeAt(current.victims, index) }))
        }
        renderRow={(row, index) => {
          const actor = actorsById.get(row.actorId);
          return (
            <>
              <div className="editor-linked-actor ui-field--wide">
                <span
                  id={fieldId(`victims.${index}.actorId`)}
                  tabIndex={-1}
                  className="editor-linked-actor__name"
                >
                  {actor ? actor.name : t('fields.victims.unknownActor')}
                </span>
                {actor ? (
                  <span className="editor-linked-actor__meta">
                    {[t(`vocab:actorKind.${actor.kind}`), actor.affiliation]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                ) : null}
                {errorFor(`victims.${index}.actorId`) ? (
                  <span className="ui-field__error">{errorFor(`victims.${index}.actorId`)}</span>
                ) : null}
              </div>
              <SelectField
                id={fieldId(`victims.${index}.role`)}
                label={t('fields.victims.role')}
                value={row.role}
                emptyLabel={t('fields.chooseOne')}
                options={roles}
                onChange={(role) =>
                  update((current) => ({
                    ...current,
                    victims: replaceAt(current.victims, index, { role }),
                  }))
                }
                error={errorFor(`victims.${index}.role`)}
              />
              <TextField
                id={fieldId(`victims.${index}.note`)}
                label={t('fields.victims.note')}
                hint={t('hints.victimNote')}
                value={row.note}
                onChange={(note) =>
                  update((current) => ({
                    ...current,
                    victims: replaceAt(current.victims, index, { note }),
                  }))
                }
                error={errorFor(`victims.${index}.note`)}
                className="editor-span-2"
              />
            </>
          );
        }}
        addLabel={t('fields.victims.add')}
        footer={
          picking ? (
            <ActorPicker
              actors={actors}
              linkedIds={linkedIds}
              onPick={link}
              onCreate={createActor}
              onClose={() => {
                setPicking(false);
                requestAnimationFrame(() => document.getElementById('editor-add-victim')?.focus());
              }}
            />
          ) : (
            <button
              id="editor-add-victim"
              type="button"
              className="ui-button ui-repeating__add"
              data-testid="add-victim"
              onClick={() => setPicking(true)}
            >
              + {t('fields.victims.add')}
            </button>
          )
        }
      />
    </section>
  );
}

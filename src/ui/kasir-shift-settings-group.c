/* kasir-shift-settings-group.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-shift-settings-group.h"
#include "kasir-ui-money.h"

/* As the shift gate and the cash dialog read them when the shop set nothing. */
#define DEFAULT_SHIFT_REQUIRED        1
#define DEFAULT_PAYOUT_APPROVAL_ABOVE 0

struct _KasirShiftSettingsGroup
{
  AdwPreferencesGroup  parent_instance;

  KasirTillContext    *context;
  GtkSwitch           *required_switch;
  AdwEntryRow         *limit_row;
  char                *problem;
};

G_DEFINE_FINAL_TYPE (KasirShiftSettingsGroup, kasir_shift_settings_group, ADW_TYPE_PREFERENCES_GROUP)

static KasirSettingsRepository *
settings_of (KasirShiftSettingsGroup *self)
{
  return kasir_settings_repository_new (kasir_till_context_get_database (self->context));
}

static gint64
read_setting (KasirShiftSettingsGroup *self,
              const char              *key,
              gint64                   fallback)
{
  g_autoptr(KasirSettingsRepository) settings = settings_of (self);
  gint64 value = fallback;

  if (!kasir_settings_repository_get_int64 (settings, key, fallback, &value, NULL))
    value = fallback;
  return value;
}

static void
set_problem (KasirShiftSettingsGroup *self,
             const char              *problem)
{
  g_free (self->problem);
  self->problem = g_strdup (problem);
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->limit_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->limit_row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->limit_row), problem);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->limit_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  problem != NULL ? problem : "", -1);
}

/* The limit as the row shows it: an amount, or nothing when no pay-out needs approval. */
static void
show_limit (KasirShiftSettingsGroup *self)
{
  gint64 limit = read_setting (self, KASIR_SETTING_PAYOUT_APPROVAL_ABOVE, DEFAULT_PAYOUT_APPROVAL_ABOVE);
  g_autofree char *text = limit >= 0
                          ? kasir_ui_money_format (limit, kasir_till_context_get_currency (self->context))
                          : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (self->limit_row), text);
}

gboolean
kasir_shift_settings_group_apply_limit (KasirShiftSettingsGroup *self)
{
  g_autoptr(KasirSettingsRepository) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  KasirMoney limit = -1;

  g_return_val_if_fail (KASIR_IS_SHIFT_SETTINGS_GROUP (self), FALSE);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->limit_row))));
  if (text[0] != '\0' &&
      !kasir_ui_money_parse (text, kasir_till_context_get_currency (self->context), &limit, &error))
    {
      set_problem (self, error->message);
      return FALSE;
    }
  if (text[0] != '\0' && limit < 0)
    {
      set_problem (self, _("The pay-out limit cannot be below zero; leave it empty to approve none."));
      return FALSE;
    }
  settings = settings_of (self);
  if (!kasir_settings_repository_set_int64 (settings, KASIR_SETTING_PAYOUT_APPROVAL_ABOVE, limit, &error))
    {
      set_problem (self, error->message);
      return FALSE;
    }
  set_problem (self, NULL);
  show_limit (self);
  return TRUE;
}

static void
on_limit_apply (AdwEntryRow             *row,
                KasirShiftSettingsGroup *self)
{
  kasir_shift_settings_group_apply_limit (self);
}

static void
on_required_changed (GtkSwitch               *sw,
                     GParamSpec              *pspec,
                     KasirShiftSettingsGroup *self)
{
  g_autoptr(KasirSettingsRepository) settings = settings_of (self);
  g_autoptr(GError) error = NULL;
  gint64 wanted = gtk_switch_get_active (sw) ? 1 : 0;

  if (read_setting (self, KASIR_SETTING_SHIFT_REQUIRED, DEFAULT_SHIFT_REQUIRED) == wanted)
    return;
  if (!kasir_settings_repository_set_int64 (settings, KASIR_SETTING_SHIFT_REQUIRED, wanted, &error))
    g_warning ("Could not keep whether selling needs a shift: %s", error->message);
}

static void
build (KasirShiftSettingsGroup *self,
       gboolean                 editable)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Shifts"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         editable
                                         ? _("Pay-outs above the limit need a manager’s PIN: a limit of 0 "
                                             "asks for every pay-out, an empty one for none.")
                                         : _("Set for the whole outlet on the server "
                                             "(kasir-server set-setting); this till follows them."));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Selling needs an open shift"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("A cashier opens a shift before the first sale"));
  self->required_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->required_switch), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->required_switch), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Selling needs an open shift"), -1);
  gtk_switch_set_active (self->required_switch,
                         read_setting (self, KASIR_SETTING_SHIFT_REQUIRED, DEFAULT_SHIFT_REQUIRED) != 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->required_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->required_switch));
  g_signal_connect (self->required_switch, "notify::active", G_CALLBACK (on_required_changed), self);
  gtk_widget_set_sensitive (row, editable);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);

  self->limit_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->limit_row), _("Pay-out limit without a manager"));
  adw_entry_row_set_show_apply_button (self->limit_row, TRUE);
  adw_entry_row_set_input_purpose (self->limit_row, GTK_INPUT_PURPOSE_NUMBER);
  show_limit (self);
  g_signal_connect (self->limit_row, "apply", G_CALLBACK (on_limit_apply), self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->limit_row), editable);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->limit_row));
}

static void
kasir_shift_settings_group_dispose (GObject *object)
{
  KasirShiftSettingsGroup *self = KASIR_SHIFT_SETTINGS_GROUP (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (kasir_shift_settings_group_parent_class)->dispose (object);
}

static void
kasir_shift_settings_group_finalize (GObject *object)
{
  KasirShiftSettingsGroup *self = KASIR_SHIFT_SETTINGS_GROUP (object);

  g_free (self->problem);

  G_OBJECT_CLASS (kasir_shift_settings_group_parent_class)->finalize (object);
}

static void
kasir_shift_settings_group_class_init (KasirShiftSettingsGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_shift_settings_group_dispose;
  G_OBJECT_CLASS (klass)->finalize = kasir_shift_settings_group_finalize;
}

static void
kasir_shift_settings_group_init (KasirShiftSettingsGroup *self)
{
}

GtkWidget *
kasir_shift_settings_group_new (KasirTillContext *context,
                                gboolean          editable)
{
  KasirShiftSettingsGroup *self;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  self = g_object_new (KASIR_TYPE_SHIFT_SETTINGS_GROUP, NULL);
  self->context = g_object_ref (context);
  build (self, editable);
  return GTK_WIDGET (self);
}

GtkSwitch *
kasir_shift_settings_group_get_switch (KasirShiftSettingsGroup *self)
{
  g_return_val_if_fail (KASIR_IS_SHIFT_SETTINGS_GROUP (self), NULL);

  return self->required_switch;
}

AdwEntryRow *
kasir_shift_settings_group_get_limit_row (KasirShiftSettingsGroup *self)
{
  g_return_val_if_fail (KASIR_IS_SHIFT_SETTINGS_GROUP (self), NULL);

  return self->limit_row;
}

const char *
kasir_shift_settings_group_get_problem (KasirShiftSettingsGroup *self)
{
  g_return_val_if_fail (KASIR_IS_SHIFT_SETTINGS_GROUP (self), NULL);

  return self->problem;
}

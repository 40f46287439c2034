/* kasir-staff-window.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-staff-admin-repository.h"
#include "kasir-staff-window.h"

/* The role of each entry of the role combo, in order. */
/* In the order of the role row's items. */
static const char * const roles[] = { "cashier", "supervisor", "manager" };

struct _KasirStaffWindow
{
  KasirTillDialog            parent_instance;

  KasirStaffAdminRepository *admin;
  gint64                     manager_id;  /* who approved opening the page */
  GPtrArray                 *staff;       /* KasirStaff*, as listed */

  AdwEntryRow               *name_row;
  AdwComboRow               *role_row;
  AdwEntryRow               *pin_row;
  AdwEntryRow               *pin_again_row;
  GtkListBox                *list;
  GtkLabel                  *error_label;
};

G_DEFINE_FINAL_TYPE (KasirStaffWindow, kasir_staff_window, KASIR_TYPE_TILL_DIALOG)

static void reload (KasirStaffWindow *self);

static void
show_error (KasirStaffWindow *self,
            const GError     *error)
{
  gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "manager") == 0)
    return _("Manager");
  if (g_strcmp0 (role, "supervisor") == 0)
    return _("Supervisor");
  return _("Cashier");
}

gboolean
kasir_staff_window_reset_pin (KasirStaffWindow  *self,
                              gint64             staff_id,
                              const char        *pin,
                              const char        *pin_again,
                              GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KASIR_IS_STAFF_WINDOW (self), FALSE);

  if (!kasir_staff_admin_repository_set_pin (self->admin, self->manager_id, staff_id, pin, pin_again, &local_error))
    {
      show_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  show_error (self, NULL);
  return TRUE;
}

gboolean
kasir_staff_window_set_active (KasirStaffWindow  *self,
                               gint64             staff_id,
                               gboolean           active,
                               GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KASIR_IS_STAFF_WINDOW (self), FALSE);

  if (!kasir_staff_admin_repository_set_active (self->admin, self->manager_id, staff_id, active, &local_error))
    {
      show_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  show_error (self, NULL);
  reload (self);
  return TRUE;
}

/* ---- The PIN prompt ---- */

typedef struct
{
  KasirStaffWindow *window;  /* weak */
  gint64            staff_id;
  GtkEditable      *pin;
  GtkEditable      *again;
} PinPrompt;

static void
pin_prompt_free (PinPrompt *prompt)
{
  g_clear_weak_pointer (&prompt->window);
  g_free (prompt);
}

static void
on_pin_response (AdwMessageDialog *dialog,
                 const char       *response,
                 PinPrompt        *prompt)
{
  if (prompt->window != NULL && g_str_equal (response, "set"))
    kasir_staff_window_reset_pin (prompt->window, prompt->staff_id,
                                  gtk_editable_get_text (prompt->pin),
                                  gtk_editable_get_text (prompt->again), NULL);
  gtk_editable_set_text (prompt->pin, "");
  gtk_editable_set_text (prompt->again, "");
}

static GtkWidget *
pin_entry (const char *label)
{
  GtkWidget *entry = gtk_password_entry_new ();

  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "placeholder-text", label, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return entry;
}

static void
ask_pin (KasirStaffWindow *self,
         const KasirStaff *staff)
{
  g_autofree char *heading = g_strdup_printf (_("New PIN for %s"), staff->name);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                              g_strcmp0 (staff->role, "cashier") != 0
                                              ? _("6 to 12 digits, typed twice.")
                                              : _("4 to 12 digits, typed twice."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  PinPrompt *prompt = g_new0 (PinPrompt, 1);
  GtkWidget *pin = pin_entry (_("PIN"));
  GtkWidget *again = pin_entry (_("PIN again"));

  gtk_box_append (GTK_BOX (box), pin);
  gtk_box_append (GTK_BOX (box), again);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "set", _("_Set PIN"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "set",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "set");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_set_weak_pointer (&prompt->window, self);
  prompt->staff_id = staff->id;
  prompt->pin = GTK_EDITABLE (pin);
  prompt->again = GTK_EDITABLE (again);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_pin_response), prompt,
                         (GClosureNotify) pin_prompt_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- The list ---- */

static const KasirStaff *
staff_of (KasirStaffWindow *self,
          GtkWidget        *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (button, GTK_TYPE_LIST_BOX_ROW);
  int index = row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;

  if (index < 0 || self->staff == NULL || (guint) index >= self->staff->len)
    return NULL;
  return self->staff->pdata[index];
}

static void
on_set_pin_clicked (KasirStaffWindow *self,
                    GtkButton        *button)
{
  const KasirStaff *staff = staff_of (self, GTK_WIDGET (button));

  if (staff != NULL)
    ask_pin (self, staff);
}

static void
on_active_clicked (KasirStaffWindow *self,
                   GtkButton        *button)
{
  const KasirStaff *staff = staff_of (self, GTK_WIDGET (button));

  if (staff != NULL)
    kasir_staff_window_set_active (self, staff->id, !staff->active, NULL);
}

static GtkWidget *
row_button (KasirStaffWindow *self,
            const char       *label,
            const char       *accessible,
            GCallback         callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  return button;
}

static GtkWidget *
make_row (KasirStaffWindow *self,
          const KasirStaff *s)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *set_pin = g_strdup_printf (_("Set a new PIN for %s"), s->name);
  g_autofree char *toggle = g_strdup_printf (s->active ? _("Deactivate %s") : _("Reactivate %s"), s->name);
  g_autofree char *subtitle = g_strdup_printf ("%s%s", role_label (s->role),
                                               s->active ? "" : _(" · inactive"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (s->active)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               row_button (self, _("Set _PIN…"), set_pin, G_CALLBACK (on_set_pin_clicked)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (self, s->active ? _("_Deactivate") : _("_Reactivate"), toggle,
                                         G_CALLBACK (on_active_clicked)));
  return row;
}

static void
reload (KasirStaffWindow *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  self->staff = kasir_staff_admin_repository_list (self->admin, &error);
  if (self->staff == NULL)
    {
      show_error (self, error);
      return;
    }
  for (guint i = 0; i < self->staff->len; i++)
    gtk_list_box_append (self->list, make_row (self, self->staff->pdata[i]));
}

char *
kasir_staff_window_describe (KasirStaffWindow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (KASIR_IS_STAFF_WINDOW (self), NULL);

  for (guint i = 0; self->staff != NULL && i < self->staff->len; i++)
    {
      const KasirStaff *s = self->staff->pdata[i];

      g_string_append_printf (text, "%s%s (%s%s)", i > 0 ? "; " : "", s->name, s->role,
                              s->active ? "" : ", inactive");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- Adding ---- */

static gint64
add_from_form (KasirStaffWindow  *self,
               GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  guint selected = adw_combo_row_get_selected (self->role_row);
  gint64 id;

  id = kasir_staff_admin_repository_add (self->admin, self->manager_id,
                                         gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                         selected < G_N_ELEMENTS (roles) ? roles[selected] : NULL,
                                         gtk_editable_get_text (GTK_EDITABLE (self->pin_row)),
                                         gtk_editable_get_text (GTK_EDITABLE (self->pin_again_row)),
                                         &local_error);
  /* A PIN is never left in a field, whatever happened. */
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), "");
  if (id == 0)
    {
      show_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  show_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  reload (self);
  return id;
}

static void
on_add_clicked (KasirStaffWindow *self)
{
  add_from_form (self, NULL);
}

gint64
kasir_staff_window_add (KasirStaffWindow  *self,
                        const char        *name,
                        const char        *role,
                        const char        *pin,
                        const char        *pin_again,
                        GError           **error)
{
  g_return_val_if_fail (KASIR_IS_STAFF_WINDOW (self), 0);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
  adw_combo_row_set_selected (self->role_row, 0);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (role, roles[i]) == 0)
      adw_combo_row_set_selected (self->role_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), pin != NULL ? pin : "");
  gtk_editable_set_text (GTK_EDITABLE (self->pin_again_row), pin_again != NULL ? pin_again : "");
  return add_from_form (self, error);
}

KasirStaffWindow *
kasir_staff_window_new (GtkWindow        *parent,
                        KasirTillContext *context,
                        gint64            manager_id)
{
  KasirStaffWindow *self;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  self = g_object_new (KASIR_TYPE_STAFF_WINDOW,
                       "transient-for", parent,
                       "context", context,
                       NULL);
  self->admin = kasir_staff_admin_repository_new (kasir_till_context_get_database (context));
  self->manager_id = manager_id;
  reload (self);

  return self;
}

static void
kasir_staff_window_dispose (GObject *object)
{
  KasirStaffWindow *self = KASIR_STAFF_WINDOW (object);

  g_clear_object (&self->admin);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_STAFF_WINDOW);

  G_OBJECT_CLASS (kasir_staff_window_parent_class)->dispose (object);
}

static void
kasir_staff_window_class_init (KasirStaffWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_staff_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-staff-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirStaffWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, KasirStaffWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, KasirStaffWindow, pin_row);
  gtk_widget_class_bind_template_child (widget_class, KasirStaffWindow, pin_again_row);
  gtk_widget_class_bind_template_child (widget_class, KasirStaffWindow, list);
  gtk_widget_class_bind_template_child (widget_class, KasirStaffWindow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_staff_window_init (KasirStaffWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

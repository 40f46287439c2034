/* kasir-customer-dialog.c — see kasir-customer-dialog.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-customer-dialog.h"
#include "kasir-customer-history.h"
#include "kasir-customer-repository.h"

#define MAX_RESULTS 50

struct _KasirCustomerDialog
{
  AdwWindow                parent_instance;

  KasirTillContext        *context;
  KasirCustomerRepository *repository;
  GPtrArray               *results;   /* KasirCustomer*, in the list's order */
  char                    *message;

  GtkSearchEntry          *search_entry;
  GtkListBox              *results_box;
  AdwEntryRow             *name_row;
  AdwEntryRow             *phone_row;
  AdwEntryRow             *code_row;
  GtkLabel                *message_label;
};

G_DEFINE_FINAL_TYPE (KasirCustomerDialog, kasir_customer_dialog, ADW_TYPE_WINDOW)

enum {
  CUSTOMER_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_message (KasirCustomerDialog *self,
             const char          *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
choose (KasirCustomerDialog *self,
        gint64               id)
{
  g_signal_emit (self, signals[CUSTOMER_CHOSEN], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_history_clicked (GtkButton           *button,
                    KasirCustomerDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  int index = row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
  const KasirCustomer *c;
  KasirCustomerHistory *history;

  if (self->results == NULL || index < 0 || (guint) index >= self->results->len)
    return;
  c = g_ptr_array_index (self->results, index);
  history = kasir_customer_history_new (GTK_WINDOW (self), self->context, c->id);
  gtk_window_present (GTK_WINDOW (history));
}

static GtkWidget *
result_row (KasirCustomerDialog *self,
            const KasirCustomer *c)
{
  GtkWidget *history = gtk_button_new_from_icon_name ("document-open-recent-symbolic");
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *points = NULL;

  if (c->phone != NULL && *c->phone != '\0')
    g_string_append (subtitle, c->phone);
  if (c->member_code != NULL && *c->member_code != '\0')
    {
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      /* Translators: the code on a member's card, in a customer search result. */
      g_string_append_printf (subtitle, _("Card %s"), c->member_code);
    }
  points = g_strdup_printf (ngettext ("%" PRId64 " point", "%" PRId64 " points",
                                      c->loyalty_points), c->loyalty_points);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), c->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (points));
  gtk_widget_set_valign (history, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (history, "flat");
  gtk_widget_set_tooltip_text (history, _("Customer History"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (history), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Customer History"), -1);
  g_signal_connect (history, "clicked", G_CALLBACK (on_history_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), history);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, c->name, -1);
  return row;
}

void
kasir_customer_dialog_search (KasirCustomerDialog *self,
                              const char          *text)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_return_if_fail (KASIR_IS_CUSTOMER_DIALOG (self));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_box))) != NULL)
    gtk_list_box_remove (self->results_box, child);
  g_clear_pointer (&self->results, g_ptr_array_unref);

  /* The customers table is small and indexed; one query per keystroke stays well under
   * a frame. */
  self->results = kasir_customer_repository_search (self->repository, text, MAX_RESULTS, &error);
  if (self->results == NULL)
    {
      set_message (self, error->message);
      return;
    }
  set_message (self, NULL);
  for (guint i = 0; i < self->results->len; i++)
    gtk_list_box_append (self->results_box, result_row (self, g_ptr_array_index (self->results, i)));
}

guint
kasir_customer_dialog_get_n_results (KasirCustomerDialog *self)
{
  g_return_val_if_fail (KASIR_IS_CUSTOMER_DIALOG (self), 0);

  return self->results != NULL ? self->results->len : 0;
}

GtkWidget *
kasir_customer_dialog_get_row (KasirCustomerDialog *self,
                               guint                index)
{
  g_return_val_if_fail (KASIR_IS_CUSTOMER_DIALOG (self), NULL);

  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->results_box, index));
}

static void
on_search_changed (GtkSearchEntry      *entry,
                   KasirCustomerDialog *self)
{
  kasir_customer_dialog_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_activate (GtkSearchEntry      *entry,
                    KasirCustomerDialog *self)
{
  /* Enter with one match (a member code typed, a unique name) takes it. */
  if (self->results != NULL && self->results->len == 1)
    choose (self, ((KasirCustomer *) g_ptr_array_index (self->results, 0))->id);
}

static void
on_row_activated (GtkListBox          *box,
                  GtkListBoxRow       *row,
                  KasirCustomerDialog *self)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->results != NULL && index >= 0 && (guint) index < self->results->len)
    choose (self, ((KasirCustomer *) g_ptr_array_index (self->results, index))->id);
}

/* Marks the field a refused new customer was refused for, and puts the focus there. */
static void
mark_field (KasirCustomerDialog *self,
            const char          *name,
            const char          *phone,
            const char          *member_code,
            gboolean             refused)
{
  AdwEntryRow *rows[] = { self->name_row, self->phone_row, self->code_row };
  AdwEntryRow *bad = NULL;

  if (refused)
    bad = !kasir_customer_repository_check_new (name, NULL, NULL, NULL) ? self->name_row
          : !kasir_customer_repository_check_new ("-", phone, NULL, NULL) ? self->phone_row
          : !kasir_customer_repository_check_new ("-", NULL, member_code, NULL) ? self->code_row
          : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (rows[i] == bad)
        gtk_widget_add_css_class (GTK_WIDGET (rows[i]), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");
    }
  if (bad != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (bad));
}

gint64
kasir_customer_dialog_create (KasirCustomerDialog  *self,
                              const char           *name,
                              const char           *phone,
                              const char           *member_code,
                              GError              **error)
{
  g_autoptr(KasirCustomer) c = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name_text = NULL;
  g_autofree char *phone_text = NULL;
  g_autofree char *code_text = NULL;

  g_return_val_if_fail (KASIR_IS_CUSTOMER_DIALOG (self), 0);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), phone != NULL ? phone : "");
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), member_code != NULL ? member_code : "");

  name_text = g_strstrip (g_strdup (name != NULL ? name : ""));
  phone_text = g_strstrip (g_strdup (phone != NULL ? phone : ""));
  code_text = g_strstrip (g_strdup (member_code != NULL ? member_code : ""));
  c = kasir_customer_repository_create (self->repository, name_text, phone_text, code_text,
                                        kasir_till_context_get_staff_id (self->context),
                                        &local_error);
  mark_field (self, name_text, phone_text, code_text, c == NULL);
  if (c == NULL)
    {
      set_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  set_message (self, NULL);
  choose (self, c->id);
  return c->id;
}

static void
on_add_clicked (GtkButton           *button,
                KasirCustomerDialog *self)
{
  kasir_customer_dialog_create (self, gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                gtk_editable_get_text (GTK_EDITABLE (self->phone_row)),
                                gtk_editable_get_text (GTK_EDITABLE (self->code_row)), NULL);
}

const char *
kasir_customer_dialog_get_message (KasirCustomerDialog *self)
{
  g_return_val_if_fail (KASIR_IS_CUSTOMER_DIALOG (self), NULL);

  return self->message;
}

static AdwEntryRow *
entry_row (GtkWidget  *group,
           const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return ADW_ENTRY_ROW (row);
}

static GtkWidget *
build_new_form (KasirCustomerDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Customer"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("New Customer"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Made here now; the server learns of it at the next sync."));
  self->name_row = entry_row (group, _("Name"));
  self->phone_row = entry_row (group, _("Phone (digits only)"));
  self->code_row = entry_row (group, _("Member card code (optional)"));
  gtk_widget_add_css_class (add, "suggested-action");
  gtk_widget_set_halign (add, GTK_ALIGN_END);
  gtk_widget_set_margin_top (add, 6);
  g_signal_connect (add, "clicked", G_CALLBACK (on_add_clicked), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), NULL);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

    gtk_box_append (GTK_BOX (box), group);
    gtk_box_append (GTK_BOX (box), add);
    return box;
  }
}

static void
build (KasirCustomerDialog *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *header = adw_header_bar_new ();

  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search_entry, "placeholder-text", _("Name, phone or member code"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search customers"), -1);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->search_entry));

  self->results_box = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->results_box), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->results_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Customers found"), -1);
  g_signal_connect (self->results_box, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->results_box));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_set_size_request (scrolled, -1, 200);
  gtk_box_append (GTK_BOX (content), scrolled);

  gtk_box_append (GTK_BOX (content), build_new_form (self));

  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->message_label));

  gtk_box_append (GTK_BOX (toolbar), content);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
}

static void
kasir_customer_dialog_dispose (GObject *object)
{
  KasirCustomerDialog *self = KASIR_CUSTOMER_DIALOG (object);

  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_object (&self->repository);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kasir_customer_dialog_parent_class)->dispose (object);
}

static void
kasir_customer_dialog_finalize (GObject *object)
{
  KasirCustomerDialog *self = KASIR_CUSTOMER_DIALOG (object);

  g_free (self->message);

  G_OBJECT_CLASS (kasir_customer_dialog_parent_class)->finalize (object);
}

static void
kasir_customer_dialog_class_init (KasirCustomerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_customer_dialog_dispose;
  object_class->finalize = kasir_customer_dialog_finalize;

  signals[CUSTOMER_CHOSEN] =
    g_signal_new ("customer-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_customer_dialog_init (KasirCustomerDialog *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Customer"));
  gtk_window_set_default_size (GTK_WINDOW (self), 460, 640);
  build (self);
}

KasirCustomerDialog *
kasir_customer_dialog_new (GtkWindow        *parent,
                           KasirTillContext *context)
{
  KasirCustomerDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  self = g_object_new (KASIR_TYPE_CUSTOMER_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->context = g_object_ref (context);
  self->repository = kasir_customer_repository_new (kasir_till_context_get_database (context));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));

  return self;
}

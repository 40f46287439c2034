/* kasir-history-filter-bar.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kasir-customer-repository.h"
#include "kasir-history-filter-bar.h"
#include "kasir-input-error.h"
#include "kasir-payment-method.h"
#include "kasir-staff-repository.h"

struct _KasirHistoryFilterBar
{
  GtkBox          parent_instance;

  KasirDatabase  *db;
  GArray         *staff_ids;   /* gint64 per cashier choice; index 0: anyone */
  GtkEntry       *first_day;
  GtkEntry       *last_day;
  GtkDropDown    *cashier;
  GtkEntry       *customer;
  GtkDropDown    *method;
};

G_DEFINE_FINAL_TYPE (KasirHistoryFilterBar, kasir_history_filter_bar, GTK_TYPE_BOX)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
kasir_history_filters_clear (KasirHistoryFilters *self)
{
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->until, g_free);
}

/* Local midnight of "YYYY-MM-DD" (@days_after later) in UTC, or NULL when unreadable. */
static char *
day_start (const char *text,
           int         days_after)
{
  int y, m, d;
  char end;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || !g_date_valid_dmy (d, m, y))
    return NULL;
  local = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (local == NULL)
    return NULL;
  later = g_date_time_add_days (local, days_after);
  utc = g_date_time_to_utc (later);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
read_day (GtkEntry    *entry,
          int          days_after,
          char       **out,
          GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  *out = NULL;
  if (*text == '\0')
    return TRUE;
  *out = day_start (text, days_after);
  if (*out != NULL)
    return TRUE;
  g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
               _("“%s” is not a day; write it as 2026-12-01"), text);
  return FALSE;
}

gboolean
kasir_history_filter_bar_get (KasirHistoryFilterBar  *self,
                              KasirHistoryFilters    *out,
                              GError                **error)
{
  g_autofree char *customer = NULL;
  guint cashier;

  g_return_val_if_fail (KASIR_IS_HISTORY_FILTER_BAR (self), FALSE);

  memset (out, 0, sizeof *out);
  out->method = -1;
  if (!read_day (self->first_day, 0, &out->from, error) ||
      !read_day (self->last_day, 1, &out->until, error))
    {
      kasir_history_filters_clear (out);
      return FALSE;
    }
  cashier = gtk_drop_down_get_selected (self->cashier);
  if (cashier != GTK_INVALID_LIST_POSITION && cashier < self->staff_ids->len)
    out->staff_id = g_array_index (self->staff_ids, gint64, cashier);
  if (gtk_drop_down_get_selected (self->method) > 0)
    out->method = (int) kasir_payment_method_nth (gtk_drop_down_get_selected (self->method) - 1);

  customer = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->customer))));
  if (*customer != '\0')
    {
      g_autoptr(KasirCustomerRepository) customers = kasir_customer_repository_new (self->db);
      g_autoptr(GPtrArray) found = kasir_customer_repository_search (customers, customer, 1, NULL);

      /* No customer of that name or phone: no sale of theirs either. */
      out->customer_id = found != NULL && found->len > 0 ? ((KasirCustomer *) found->pdata[0])->id : -1;
    }
  return TRUE;
}

void
kasir_history_filter_bar_set (KasirHistoryFilterBar *self,
                              const char            *first_day,
                              const char            *last_day,
                              gint64                 staff_id,
                              const char            *customer,
                              int                    method)
{
  g_return_if_fail (KASIR_IS_HISTORY_FILTER_BAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->first_day), first_day != NULL ? first_day : "");
  gtk_editable_set_text (GTK_EDITABLE (self->last_day), last_day != NULL ? last_day : "");
  gtk_drop_down_set_selected (self->cashier, 0);
  for (guint i = 0; i < self->staff_ids->len; i++)
    if (g_array_index (self->staff_ids, gint64, i) == staff_id)
      gtk_drop_down_set_selected (self->cashier, i);
  gtk_editable_set_text (GTK_EDITABLE (self->customer), customer != NULL ? customer : "");
  gtk_drop_down_set_selected (self->method, 0);
  for (guint i = 0; method >= 0 && i < KASIR_N_PAYMENT_METHODS; i++)
    if ((int) kasir_payment_method_nth (i) == method)
      gtk_drop_down_set_selected (self->method, i + 1);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
emit_changed (KasirHistoryFilterBar *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static GtkEntry *
add_entry (KasirHistoryFilterBar *self,
           const char            *placeholder,
           const char            *accessible,
           int                    width)
{
  GtkEntry *entry = GTK_ENTRY (gtk_entry_new ());

  gtk_entry_set_placeholder_text (entry, placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  /* Read when the person is done with it (Enter), not on each key of a half-typed day. */
  g_signal_connect_object (entry, "activate", G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (entry));
  return entry;
}

static GtkDropDown *
add_drop_down (KasirHistoryFilterBar *self,
               GtkStringList         *choices,
               const char            *accessible)
{
  /* The drop-down takes a reference of its own: the caller keeps its own. */
  GtkDropDown *drop = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (choices)), NULL));

  gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_object (drop, "notify::selected", G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (drop));
  return drop;
}

static void
kasir_history_filter_bar_dispose (GObject *object)
{
  KasirHistoryFilterBar *self = KASIR_HISTORY_FILTER_BAR (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->staff_ids, g_array_unref);

  G_OBJECT_CLASS (kasir_history_filter_bar_parent_class)->dispose (object);
}

static void
kasir_history_filter_bar_class_init (KasirHistoryFilterBarClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_history_filter_bar_dispose;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kasir_history_filter_bar_init (KasirHistoryFilterBar *self)
{
  self->staff_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
}

KasirHistoryFilterBar *
kasir_history_filter_bar_new (KasirDatabase *db)
{
  KasirHistoryFilterBar *self;
  g_autoptr(KasirStaffRepository) staff = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GtkStringList) cashiers = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) methods = gtk_string_list_new (NULL);
  gint64 anyone = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), NULL);

  self = g_object_new (KASIR_TYPE_HISTORY_FILTER_BAR, "orientation", GTK_ORIENTATION_HORIZONTAL,
                       "spacing", 6, "margin-start", 6, "margin-end", 6, "margin-top", 6, NULL);
  self->db = g_object_ref (db);

  self->first_day = add_entry (self, _("From day"), _("First day of the sales shown, as 2026-12-01"), 10);
  self->last_day = add_entry (self, _("To day"), _("Last day of the sales shown, as 2026-12-31"), 10);

  /* Translators: the cashier filter of the sales history, for every cashier. */
  gtk_string_list_append (cashiers, _("Any cashier"));
  g_array_append_val (self->staff_ids, anyone);
  staff = kasir_staff_repository_new (db);
  people = kasir_staff_repository_list_active (staff, NULL);
  for (guint i = 0; people != NULL && i < people->len; i++)
    {
      const KasirStaff *person = people->pdata[i];

      gtk_string_list_append (cashiers, person->name);
      g_array_append_val (self->staff_ids, person->id);
    }
  self->cashier = add_drop_down (self, cashiers, _("Cashier"));

  self->customer = add_entry (self, _("Customer"), _("Customer’s name or phone number"), 14);

  gtk_string_list_append (methods, _("Any way of paying"));
  for (guint i = 0; i < KASIR_N_PAYMENT_METHODS; i++)
    gtk_string_list_append (methods, kasir_payment_method_label (kasir_payment_method_nth (i)));
  self->method = add_drop_down (self, methods, _("Way of paying"));

  return self;
}

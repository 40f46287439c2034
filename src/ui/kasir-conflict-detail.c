/* kasir-conflict-detail.c — one conflict side by side, and the manager's decision.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-conflict-detail.h"
#include "kasir-input-error.h"
#include "kasir-payment-method.h"
#include "kasir-ui-format.h"
#include "kasir-sync-history-repository.h"
#include "kasir-ui-money.h"

struct _KasirConflictDetailView
{
  AdwBin                   parent_instance;

  KasirConflictRepository *repo;
  KasirSyncService        *service;
  gint64                   staff_id;
  char                    *currency;
  KasirConflictDetail     *detail;
  char                    *state_text;
  guint                    n_differing;

  /* The decisions offered for the conflict shown, from core's table: a radio button
   * each, in the same order. */
  GPtrArray               *decision_buttons;  /* GtkCheckButton* */
  GArray                  *decisions;         /* KasirConflictDecision */
  /* The merge choices: a "Keep mine" toggle per differing field, and its name. */
  GPtrArray               *field_choices;     /* GtkToggleButton* */
  GPtrArray               *field_names;       /* char* */
  /* Widgets added for the conflict shown, removed before the next one. */
  GPtrArray               *added;             /* GtkWidget* */

  /* Template children. */
  GtkStack                *stack;
  GtkLabel                *title_label;
  GtkLabel                *description_label;
  GtkLabel                *subtitle_label;
  GtkLabel                *state_label;
  GtkWidget               *fields_section;
  GtkGrid                 *fields_grid;
  GtkWidget               *origin_section;
  GtkLabel                *origin_heading;
  GtkBox                  *origin_box;
  GtkWidget               *decision_section;
  GtkBox                  *decisions_box;
  GtkWidget               *counted_row;
  GtkSpinButton           *counted_spin;
  GtkWidget               *charge_row;
  GtkEntry                *charge_entry;
  GtkBox                  *field_choices_box;
  GtkEntry                *note_entry;
  GtkLabel                *note_hint;
  GtkLabel                *error_label;
  GtkWidget               *resolve_button;
  GtkWidget               *resolution_section;
  GtkBox                  *resolution_box;
};

G_DEFINE_FINAL_TYPE (KasirConflictDetailView, kasir_conflict_detail_view, ADW_TYPE_BIN)

enum {
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Text for people ---- */

const char *
kasir_conflict_kind_title (KasirConflictKind kind)
{
  switch (kind)
    {
    case KASIR_CONFLICT_STOCK_SHORTAGE:
      return _("Stock shortage");
    case KASIR_CONFLICT_PRICE_CHANGED:
      return _("Price changed");
    case KASIR_CONFLICT_PRODUCT_ARCHIVED:
      return _("Product archived");
    case KASIR_CONFLICT_SHIFT_CLOSED:
      return _("Shift closed");
    case KASIR_CONFLICT_LOYALTY_OVERSPENT:
      return _("Loyalty points already spent");
    case KASIR_CONFLICT_CONCURRENT_EDIT:
      return _("Concurrent edit");
    case KASIR_CONFLICT_UNKNOWN_REFERENCE:
      return _("Unknown cashier, customer or shift");
    case KASIR_CONFLICT_REFUNDED_TWICE:
      return _("Refunded on two tills");
    case KASIR_CONFLICT_DUPLICATE_CODE:
      return _("Barcode or SKU taken by another product");
    case KASIR_CONFLICT_ORDER_PAID_TWICE:
      /* The kind covers both cases kasir_conflict_title tells apart. */
      return _("Open order paid twice or after a cancel");
    default:
      return _("Unknown");
    }
}

const char *
kasir_conflict_title (const KasirConflict *conflict)
{
  g_return_val_if_fail (conflict != NULL, "");

  if (kasir_conflict_paid_after_cancel (conflict))
    return _("Open order paid after it was cancelled");
  if (conflict->kind == KASIR_CONFLICT_ORDER_PAID_TWICE)
    return _("Open order paid on two tills");
  return kasir_conflict_kind_title (conflict->kind);
}

const char *
kasir_conflict_description (const KasirConflict *conflict)
{
  g_return_val_if_fail (conflict != NULL, "");

  if (kasir_conflict_paid_after_cancel (conflict))
    return _("A till took a payment for an open order that another till had cancelled.");
  switch (conflict->kind)
    {
    case KASIR_CONFLICT_STOCK_SHORTAGE:
      return _("Two tills sold more than was in stock.");
    case KASIR_CONFLICT_PRICE_CHANGED:
      return _("A sale used a price the server had already changed.");
    case KASIR_CONFLICT_PRODUCT_ARCHIVED:
      return _("A sale contained a product archived on the server.");
    case KASIR_CONFLICT_SHIFT_CLOSED:
      return _("A sale arrived for a shift the server had already closed.");
    case KASIR_CONFLICT_LOYALTY_OVERSPENT:
      return _("A customer spent the same points on two tills.");
    case KASIR_CONFLICT_CONCURRENT_EDIT:
      return _("A product or customer was changed on two sides at once.");
    case KASIR_CONFLICT_UNKNOWN_REFERENCE:
      return _("A change named a cashier, customer or shift the server does not know.");
    case KASIR_CONFLICT_REFUNDED_TWICE:
      return _("Two tills refunded the same sale.");
    case KASIR_CONFLICT_DUPLICATE_CODE:
      return _("Two new products were given the same barcode or SKU.");
    case KASIR_CONFLICT_ORDER_PAID_TWICE:
      return _("Two tills took a payment for the same open order.");
    default:
      return "";
    }
}

const char *
kasir_conflict_status_title (KasirConflictStatus status)
{
  switch (status)
    {
    case KASIR_CONFLICT_OPEN:
      return _("Open");
    case KASIR_CONFLICT_RESOLVED:
      return _("Resolved");
    case KASIR_CONFLICT_RESOLVED_BY_RULE:
      return _("Resolved by rule");
    default:
      return _("Unknown");
    }
}

const char *
kasir_conflict_decision_title (KasirConflictKind  kind,
                               const char        *decision)
{
  KasirConflictDecision d;

  if (decision == NULL)
    return "";
  if (!kasir_conflict_decision_from_string (decision, &d))
    return decision;
  return kasir_conflict_decision_label (kind, d);
}

char *
kasir_conflict_entry_state_text (const KasirConflictEntry *entry)
{
  switch (entry->local_state)
    {
    case KASIR_LOCAL_RESOLUTION_PENDING:
      return g_strdup (_("Pending: waits to be sent"));
    case KASIR_LOCAL_RESOLUTION_APPLIED:
      return g_strdup (_("Applied"));
    case KASIR_LOCAL_RESOLUTION_ALREADY_RESOLVED:
      {
        g_autofree char *when = kasir_ui_format_time (entry->resolved_at);

        if (entry->resolved_by_name == NULL)
          return g_strdup (_("Already resolved by another manager"));
        /* TRANSLATORS: "Already resolved by Siti Rahayu at 2026-11-22 08:15". */
        return g_strdup_printf (_("Already resolved by %s at %s"), entry->resolved_by_name,
                                when != NULL ? when : "");
      }
    case KASIR_LOCAL_RESOLUTION_REJECTED:
      {
        g_autofree char *why = kasir_sync_history_explain_rejection (entry->reject_reason);

        return g_strdup_printf (_("Refused by the server: %s"), why);
      }
    case KASIR_LOCAL_RESOLUTION_NONE:
    default:
      return g_strdup (kasir_conflict_status_title (entry->conflict->status));
    }
}

char *
kasir_conflict_entry_terminal_text (const KasirConflictEntry *entry)
{
  const char *name = entry->conflict->terminal_name;
  g_autofree char *till = NULL;

  if (name != NULL && *name != '\0')
    till = g_strdup (name);
  else
    /* TRANSLATORS: a till the server did not name, by its number, as the server names
     * a new one: "Till 3". */
    till = g_strdup_printf (_("Till %" PRId64), entry->conflict->terminal_id);
  if (!entry->from_this_terminal)
    return g_steal_pointer (&till);
  /* TRANSLATORS: "Till 1 (this till)". */
  return g_strdup_printf (_("%s (this till)"), till);
}

char *
kasir_conflict_entry_amount_text (const KasirConflictEntry *entry,
                                  const char               *currency)
{
  if (entry->amount == 0)
    return g_strdup ("");
  if (entry->amount_is_money)
    return kasir_ui_money_format (entry->amount, currency);
  if (entry->conflict->kind == KASIR_CONFLICT_LOYALTY_OVERSPENT)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " point",
                                         "%" PRId64 " points", entry->amount),
                            entry->amount);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " unit",
                                       "%" PRId64 " units", entry->amount),
                          entry->amount);
}

/* ---- Building the view ---- */

static gboolean
field_is_money (const char *name)
{
  return g_str_equal (name, "price") || g_str_equal (name, "amount") ||
         g_str_equal (name, "total") || g_str_equal (name, "unit_price") ||
         g_str_equal (name, "paid_total");
}

/* The fields the server names, as people say them; unknown ones keep their name. */
static const char *
field_title (const char *name)
{
  static const struct { const char *name; const char *title; } titles[] = {
    { "name", N_("Name") }, { "price", N_("Price") }, { "qty", N_("Stock") },
    { "qty_sold", N_("Units sold") }, { "product_id", N_("Product") },
    { "order_id", N_("Open order") }, { "paid_total", N_("Paid first, amount") },
    { "paid_terminal_id", N_("Paid first, on till") }, { "cancelled", N_("Order cancelled") },
    { "customer_id", N_("Customer") }, { "loyalty_points", N_("Loyalty points") },
    { "points", N_("Points") }, { "points_redeemed", N_("Points used") },
    { "archived", N_("Archived") }, { "barcode", N_("Barcode") }, { "sku", N_("SKU") },
    { "tax_rate_bp", N_("Tax rate (basis points)") }, { "category_id", N_("Category") },
    { "phone", N_("Phone") }, { "email", N_("Email") }, { "shift_id", N_("Shift") },
    { "price_version", N_("Price version") }, { "total", N_("Amount paid") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].name, name))
      return _(titles[i].title);
  return name;
}

static char *
value_text (KasirConflictDetailView *self,
            const char              *name,
            JsonNode                *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  /* A person reads the product's name, not its number. */
  if (g_strcmp0 (name, "product_id") == 0 && self->detail != NULL && self->detail->entry->what != NULL)
    return g_strdup (self->detail->entry->what);
  /* ... and the open order's name where this till has one, not its id. */
  if (g_strcmp0 (name, "order_id") == 0 && self->detail != NULL && self->detail->order_label != NULL)
    return g_strdup (self->detail->order_label);
  if (g_strcmp0 (name, "paid_terminal_id") == 0 && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf (_("Till %" PRId64), json_node_get_int (node));
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
      if (type == G_TYPE_INT64 && field_is_money (name))
        return kasir_ui_money_format (json_node_get_int (node), self->currency);
    }
  return json_to_string (node, FALSE);
}

/* Removes what the previous conflict added to the template's containers. */
static void
clear_content (KasirConflictDetailView *self)
{
  for (guint i = 0; i < self->added->len; i++)
    {
      GtkWidget *child = self->added->pdata[i];

      gtk_widget_unparent (child);
    }
  g_ptr_array_set_size (self->added, 0);
  g_ptr_array_set_size (self->decision_buttons, 0);
  g_array_set_size (self->decisions, 0);
  g_ptr_array_set_size (self->field_choices, 0);
  g_ptr_array_set_size (self->field_names, 0);
  self->n_differing = 0;
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->charge_entry), "");
  gtk_spin_button_set_value (self->counted_spin, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* Adds @child to @box after @sibling (NULL: at the start), remembered for clear_content(). */
static GtkWidget *
add_child (KasirConflictDetailView *self,
           GtkBox                  *box,
           GtkWidget               *child,
           GtkWidget               *sibling)
{
  if (sibling == NULL)
    gtk_box_append (box, child);
  else
    gtk_box_insert_child_after (box, child, sibling);
  g_ptr_array_add (self->added, child);
  return child;
}

static GtkWidget *
cell (const char *text,
      gboolean    differs)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  if (differs)
    gtk_widget_add_css_class (label, "warning");
  return label;
}

static GtkWidget *
line (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  return label;
}

static void
show_summary (KasirConflictDetailView *self)
{
  KasirConflictEntry *entry = self->detail->entry;
  g_autofree char *created = kasir_ui_format_time (entry->conflict->created_at);
  g_autofree char *amount = kasir_conflict_entry_amount_text (entry, self->currency);
  g_autofree char *till = kasir_conflict_entry_terminal_text (entry);
  g_autofree char *sub = NULL;
  GtkWidget *state = GTK_WIDGET (self->state_label);
  const char *description;

  gtk_label_set_text (self->title_label, kasir_conflict_title (entry->conflict));
  description = kasir_conflict_description (entry->conflict);
  gtk_label_set_text (self->description_label, description);
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), *description != '\0');
  if (*amount != '\0')
    /* TRANSLATORS: "Kopi Susu · 2 units short · Till 2 · 2026-11-22 08:15". */
    sub = g_strdup_printf (_("%s · %s · %s · %s"),
                           entry->what != NULL ? entry->what : "", amount, till, created);
  else
    /* TRANSLATORS: "Kopi Susu · Till 2 · 2026-11-22 08:15". */
    sub = g_strdup_printf (_("%s · %s · %s"), entry->what != NULL ? entry->what : "", till, created);
  gtk_label_set_text (self->subtitle_label, sub);

  g_free (self->state_text);
  self->state_text = kasir_conflict_entry_state_text (entry);
  gtk_label_set_text (self->state_label, self->state_text);
  gtk_widget_remove_css_class (state, "warning");
  gtk_widget_remove_css_class (state, "success");
  gtk_widget_remove_css_class (state, "accent");
  if (entry->local_state == KASIR_LOCAL_RESOLUTION_ALREADY_RESOLVED ||
      entry->local_state == KASIR_LOCAL_RESOLUTION_REJECTED)
    gtk_widget_add_css_class (state, "warning");
  else if (entry->local_state == KASIR_LOCAL_RESOLUTION_APPLIED)
    gtk_widget_add_css_class (state, "success");
  else if (entry->local_state == KASIR_LOCAL_RESOLUTION_PENDING)
    gtk_widget_add_css_class (state, "accent");
}

static void
attach (KasirConflictDetailView *self,
        GtkWidget               *child,
        int                      column,
        int                      row)
{
  gtk_grid_attach (self->fields_grid, child, column, row, 1, 1);
  g_ptr_array_add (self->added, child);
}

static void
show_fields (KasirConflictDetailView *self)
{
  GPtrArray *fields = self->detail->fields;

  gtk_widget_set_visible (self->fields_section, fields != NULL && fields->len > 0);
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      KasirConflictField *field = fields->pdata[i];
      g_autofree char *base = value_text (self, field->name, field->base);
      g_autofree char *mine = value_text (self, field->name, field->terminal);
      g_autofree char *theirs = value_text (self, field->name, field->server);
      GtkWidget *name = cell (field_title (field->name), field->differs);

      gtk_label_set_selectable (GTK_LABEL (name), FALSE);
      if (field->differs)
        {
          /* The highlight is also said in words, for screen readers. */
          g_autofree char *described = g_strdup_printf (_("%s (differs)"), field_title (field->name));

          gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          described, -1);
          self->n_differing++;
        }
      attach (self, name, 0, i + 1);
      attach (self, cell (base, FALSE), 1, i + 1);
      attach (self, cell (mine, field->differs), 2, i + 1);
      attach (self, cell (theirs, field->differs), 3, i + 1);
    }
}

static void
show_sale (KasirConflictDetailView *self,
           KasirSale               *sale)
{
  g_autofree char *when = kasir_ui_format_time (sale->created_at);
  g_autofree char *by = g_strdup_printf (_("Sold at %s by %s"), when,
                                         self->detail->cashier_name != NULL
                                         ? self->detail->cashier_name : _("unknown"));

  add_child (self, self->origin_box, line (by), NULL);
  for (guint i = 0; i < sale->lines->len; i++)
    {
      KasirSaleLine *l = sale->lines->pdata[i];
      g_autofree char *unit = kasir_ui_money_format (l->unit_price, sale->currency);
      g_autofree char *total = kasir_ui_money_format (l->total, sale->currency);
      /* TRANSLATORS: a sale line: "2 × Kopi Susu at Rp 18.000 = Rp 36.000". */
      g_autofree char *text = g_strdup_printf (_("%" PRId64 " × %s at %s = %s"),
                                               l->qty, l->name != NULL ? l->name : "", unit, total);

      add_child (self, self->origin_box, line (text), NULL);
    }
  for (guint i = 0; i < sale->payments->len; i++)
    {
      KasirPayment *payment = sale->payments->pdata[i];
      g_autofree char *amount = kasir_ui_money_format (payment->amount, sale->currency);
      g_autofree char *text = g_strdup_printf (_("Paid %s by %s"), amount,
                                               kasir_payment_method_label (payment->method));

      add_child (self, self->origin_box, line (text), NULL);
    }
  if (sale->loyalty_redeemed > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Loyalty points used: %" PRId64),
                                               sale->loyalty_redeemed);

      add_child (self, self->origin_box, line (text), NULL);
    }
}

/* The lines of another till's sale, as the server sends them with a stock shortage.
 * FALSE when it sent none (an older server). */
static gboolean
show_other_till_lines (KasirConflictDetailView *self)
{
  JsonNode *terminal = self->detail->entry->conflict->terminal;
  JsonObject *obj = terminal != NULL && JSON_NODE_HOLDS_OBJECT (terminal) ? json_node_get_object (terminal) : NULL;
  JsonArray *lines;

  if (obj == NULL || !json_object_has_member (obj, "lines") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "lines")))
    return FALSE;

  add_child (self, self->origin_box, line (_("Sold on another till of this outlet:")), NULL);
  lines = json_object_get_array_member (obj, "lines");
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonNode *node = json_array_get_element (lines, i);
      JsonObject *l = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *unit = NULL;
      g_autofree char *total = NULL;
      g_autofree char *text = NULL;
      const char *name;

      if (l == NULL)
        continue;
      name = json_object_get_string_member_with_default (l, "name", "");
      unit = kasir_ui_money_format (json_object_get_int_member_with_default (l, "unit_price", 0), self->currency);
      total = kasir_ui_money_format (json_object_get_int_member_with_default (l, "total", 0), self->currency);
      /* TRANSLATORS: a sale line: "2 × Kopi Susu at Rp 18.000 = Rp 36.000". */
      text = g_strdup_printf (_("%" PRId64 " × %s at %s = %s"),
                              json_object_get_int_member_with_default (l, "qty", 0), name, unit, total);
      add_child (self, self->origin_box, line (text), NULL);
    }

  return TRUE;
}

static void
show_origin (KasirConflictDetailView *self)
{
  KasirConflictDetail *d = self->detail;
  KasirSale *sale = d->sale;

  gtk_widget_set_visible (self->origin_section,
                          d->receipt_no != NULL || sale != NULL || d->origin != NULL);
  gtk_label_set_text (self->origin_heading, sale != NULL || d->receipt_no != NULL
                                            ? _("The Sale") : _("The Edit"));
  if (d->receipt_no != NULL || sale != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Receipt %s"),
                                               d->receipt_no != NULL ? d->receipt_no : sale->receipt_no);

      add_child (self, self->origin_box, line (text), NULL);
    }
  if (sale != NULL)
    show_sale (self, sale);
  else if (d->receipt_no != NULL && !show_other_till_lines (self))
    add_child (self, self->origin_box,
               line (_("The sale was made on another till; its lines are kept there.")), NULL);
  if (d->origin != NULL)
    {
      g_autofree char *when = kasir_ui_format_time (d->origin->created_at);
      g_autofree char *text = g_strdup_printf (_("%s made on this till at %s"),
                                               kasir_mutation_type_to_string (d->origin->type), when);
      g_autofree char *payload = json_to_string (d->origin->payload, FALSE);

      add_child (self, self->origin_box, line (text), NULL);
      add_child (self, self->origin_box, line (payload), NULL);
    }
}

char *
kasir_conflict_detail_view_dup_origin_text (KasirConflictDetailView *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->origin_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child))
      g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (child)));

  return g_string_free (text, FALSE);
}

/* The index of the chosen decision in self->decisions, or -1. */
static int
chosen_index (KasirConflictDetailView *self)
{
  for (guint i = 0; i < self->decision_buttons->len; i++)
    if (gtk_check_button_get_active (self->decision_buttons->pdata[i]))
      return (int) i;
  return -1;
}

/* Shows the input the chosen decision asks for, and whether a note is required. */
static void
update_controls (KasirConflictDetailView *self)
{
  int chosen = chosen_index (self);
  KasirDecisionInput input = KASIR_DECISION_INPUT_NONE;
  gboolean needs_note = FALSE;

  if (chosen >= 0)
    {
      KasirConflictDecision d = g_array_index (self->decisions, KasirConflictDecision, chosen);

      input = kasir_conflict_decision_input (d);
      needs_note = kasir_conflict_decision_needs_note (self->detail->entry->conflict->kind, d);
    }
  gtk_widget_set_visible (self->counted_row, input == KASIR_DECISION_INPUT_COUNT);
  gtk_widget_set_visible (self->charge_row, input == KASIR_DECISION_INPUT_AMOUNT);
  gtk_widget_set_sensitive (GTK_WIDGET (self->field_choices_box), input == KASIR_DECISION_INPUT_FIELDS);
  gtk_label_set_text (self->note_hint, needs_note
                      ? _("A note is required: this decision changes money or stock.")
                      : _("A note is optional."));
  gtk_widget_set_sensitive (self->resolve_button, chosen >= 0);
}

static void
add_field_choices (KasirConflictDetailView *self)
{
  GPtrArray *fields = self->detail->fields;

  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      KasirConflictField *field = fields->pdata[i];
      GtkWidget *row, *label, *mine, *theirs;
      g_autofree char *mine_name = NULL;
      g_autofree char *theirs_name = NULL;

      if (!field->differs)
        continue;
      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_widget_set_margin_start (row, 32);
      gtk_widget_add_css_class (row, "linked");
      label = gtk_label_new (field_title (field->name));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (row), label);

      mine = gtk_toggle_button_new_with_mnemonic (_("Keep _Mine"));
      theirs = gtk_toggle_button_new_with_mnemonic (_("Take _Theirs"));
      gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (theirs), GTK_TOGGLE_BUTTON (mine));
      /* The server's value stands unless the manager keeps this till's. */
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (theirs), TRUE);
      mine_name = g_strdup_printf (_("Keep this terminal's %s"), field_title (field->name));
      theirs_name = g_strdup_printf (_("Take the server's %s"), field_title (field->name));
      gtk_accessible_update_property (GTK_ACCESSIBLE (mine), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      mine_name, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (theirs), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      theirs_name, -1);
      gtk_widget_set_size_request (mine, -1, 44);
      gtk_widget_set_size_request (theirs, -1, 44);
      gtk_box_append (GTK_BOX (row), mine);
      gtk_box_append (GTK_BOX (row), theirs);
      g_ptr_array_add (self->field_choices, mine);
      g_ptr_array_add (self->field_names, g_strdup (field->name));
      add_child (self, self->field_choices_box, row, NULL);
    }
}

static void
on_decision_toggled (KasirConflictDetailView *self)
{
  update_controls (self);
}

static void
on_note_activate (KasirConflictDetailView *self)
{
  kasir_conflict_detail_view_resolve (self, NULL);
}

/* The input rows sit under the decision that asks for them. */
static GtkWidget *
input_row (KasirConflictDetailView *self,
           KasirDecisionInput       input)
{
  switch (input)
    {
    case KASIR_DECISION_INPUT_COUNT:
      return self->counted_row;
    case KASIR_DECISION_INPUT_AMOUNT:
      return self->charge_row;
    case KASIR_DECISION_INPUT_FIELDS:
      return GTK_WIDGET (self->field_choices_box);
    case KASIR_DECISION_INPUT_NONE:
    default:
      return NULL;
    }
}

/* One radio button per decision core allows for the conflict's kind. */
static void
show_decisions (KasirConflictDetailView *self)
{
  KasirConflictKind kind = self->detail->entry->conflict->kind;
  guint n = 0;
  const KasirConflictDecision *offered = kasir_conflict_decisions_for (kind, &n);
  GtkCheckButton *first = NULL;
  GtkWidget *previous = NULL;

  gtk_widget_set_visible (self->counted_row, FALSE);
  gtk_widget_set_visible (self->charge_row, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->field_choices_box), FALSE);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *button, *row;

      /* Voiding refunds the sale, which only the till that made it holds. */
      if (kasir_conflict_decision_needs_own_sale (offered[i]) && self->detail->sale == NULL)
        continue;
      button = gtk_check_button_new_with_label (kasir_conflict_decision_label (kind, offered[i]));
      gtk_widget_set_size_request (button, -1, 40);
      if (first == NULL)
        first = GTK_CHECK_BUTTON (button);
      else
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), first);
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (on_decision_toggled), self);
      g_ptr_array_add (self->decision_buttons, button);
      g_array_append_val (self->decisions, offered[i]);
      if (previous == NULL)
        gtk_box_prepend (self->decisions_box, button);
      else
        gtk_box_insert_child_after (self->decisions_box, button, previous);
      g_ptr_array_add (self->added, button);
      previous = button;

      row = input_row (self, kasir_conflict_decision_input (offered[i]));
      if (row != NULL)
        {
          gtk_box_reorder_child_after (self->decisions_box, row, button);
          gtk_widget_set_visible (row, TRUE);
          previous = row;
        }
      if (kasir_conflict_decision_input (offered[i]) == KASIR_DECISION_INPUT_FIELDS)
        add_field_choices (self);
    }
  if (first != NULL && self->decision_buttons->len == 1)
    gtk_check_button_set_active (first, TRUE);
  update_controls (self);
}

static void
show_resolution (KasirConflictDetailView *self)
{
  KasirConflictEntry *entry = self->detail->entry;
  KasirConflictKind kind = entry->conflict->kind;
  const char *decision = entry->resolved_decision != NULL ? entry->resolved_decision
                                                          : entry->local_decision;
  const char *note = entry->resolved_note != NULL ? entry->resolved_note : entry->local_note;
  GtkBox *box = self->resolution_box;

  if (decision != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Decision: %s"),
                                               kasir_conflict_decision_title (kind, decision));
      add_child (self, box, line (text), NULL);
    }
  else if (entry->conflict->status == KASIR_CONFLICT_RESOLVED_BY_RULE)
    {
      add_child (self, box, line (_("Resolved by the outlet's rule; nobody needs to decide.")), NULL);
    }
  if (entry->resolved_by_name != NULL)
    {
      g_autofree char *when = kasir_ui_format_time (entry->resolved_at);
      g_autofree char *text = g_strdup_printf (_("By %s at %s"), entry->resolved_by_name, when);

      add_child (self, box, line (text), NULL);
    }
  if (note != NULL && *note != '\0')
    {
      g_autofree char *text = g_strdup_printf (_("Note: %s"), note);

      add_child (self, box, line (text), NULL);
    }
  if (entry->local_state == KASIR_LOCAL_RESOLUTION_ALREADY_RESOLVED && entry->local_decision != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This till's decision (%s) came second and was not applied."),
                                               kasir_conflict_decision_title (kind, entry->local_decision));
      add_child (self, box, line (text), NULL);
    }
}

static void
rebuild (KasirConflictDetailView *self)
{
  gboolean open;

  clear_content (self);
  if (self->detail == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.resolve", FALSE);
      return;
    }
  /* A decision refused for a reason other than "someone was first" may be taken again. */
  open = self->detail->entry->conflict->status == KASIR_CONFLICT_OPEN;
  show_summary (self);
  show_fields (self);
  show_origin (self);
  gtk_widget_set_visible (self->decision_section, open);
  gtk_widget_set_visible (self->resolution_section, !open);
  if (open)
    show_decisions (self);
  else
    show_resolution (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.resolve", open);
  gtk_stack_set_visible_child_name (self->stack, "detail");
}

/* ---- Public ---- */

GtkWidget *
kasir_conflict_detail_view_new (void)
{
  return g_object_new (KASIR_TYPE_CONFLICT_DETAIL_VIEW, NULL);
}

void
kasir_conflict_detail_view_setup (KasirConflictDetailView *self,
                                  KasirConflictRepository *repo,
                                  KasirSyncService        *service,
                                  gint64                   staff_id,
                                  const char              *currency)
{
  g_return_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self));

  g_set_object (&self->repo, repo);
  g_set_object (&self->service, service);
  self->staff_id = staff_id;
  g_free (self->currency);
  self->currency = g_strdup (currency != NULL ? currency : KASIR_DEFAULT_CURRENCY);
}

gboolean
kasir_conflict_detail_view_show (KasirConflictDetailView  *self,
                                 gint64                    conflict_id,
                                 GError                  **error)
{
  KasirConflictDetail *detail = NULL;

  g_return_val_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self), FALSE);

  if (conflict_id > 0)
    {
      g_return_val_if_fail (self->repo != NULL, FALSE);
      detail = kasir_conflict_repository_get_detail (self->repo, conflict_id, error);
      if (detail == NULL)
        return FALSE;
    }
  g_clear_pointer (&self->detail, kasir_conflict_detail_free);
  g_clear_pointer (&self->state_text, g_free);
  self->detail = detail;
  rebuild (self);
  return TRUE;
}

gboolean
kasir_conflict_detail_view_refresh (KasirConflictDetailView  *self,
                                    GError                  **error)
{
  g_autoptr(KasirConflictDetail) fresh = NULL;

  g_return_val_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self), FALSE);

  if (self->detail == NULL)
    return TRUE;
  fresh = kasir_conflict_repository_get_detail (self->repo, self->detail->entry->conflict->id, error);
  if (fresh == NULL)
    return FALSE;
  /* Still open here: keep what the manager has chosen and typed so far. */
  if (fresh->entry->conflict->status == KASIR_CONFLICT_OPEN &&
      self->detail->entry->conflict->status == KASIR_CONFLICT_OPEN &&
      fresh->entry->local_state == self->detail->entry->local_state)
    return TRUE;
  g_clear_pointer (&self->detail, kasir_conflict_detail_free);
  g_clear_pointer (&self->state_text, g_free);
  self->detail = g_steal_pointer (&fresh);
  rebuild (self);
  return TRUE;
}

gint64
kasir_conflict_detail_view_get_conflict_id (KasirConflictDetailView *self)
{
  g_return_val_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self), 0);
  return self->detail != NULL ? self->detail->entry->conflict->id : 0;
}

gboolean
kasir_conflict_detail_view_choose (KasirConflictDetailView *self,
                                   const char              *decision)
{
  KasirConflictDecision wanted;

  g_return_val_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self), FALSE);

  if (!kasir_conflict_decision_from_string (decision, &wanted))
    return FALSE;
  for (guint i = 0; i < self->decisions->len; i++)
    if (g_array_index (self->decisions, KasirConflictDecision, i) == wanted)
      {
        gtk_check_button_set_active (self->decision_buttons->pdata[i], TRUE);
        return TRUE;
      }
  return FALSE;
}

void
kasir_conflict_detail_view_set_note (KasirConflictDetailView *self,
                                     const char              *note)
{
  g_return_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), note != NULL ? note : "");
}

void
kasir_conflict_detail_view_set_counted (KasirConflictDetailView *self,
                                        gint64                   qty)
{
  g_return_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self));
  gtk_spin_button_set_value (self->counted_spin, (double) qty);
}

void
kasir_conflict_detail_view_set_charge (KasirConflictDetailView *self,
                                       const char              *amount_text)
{
  g_return_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->charge_entry), amount_text);
}

gboolean
kasir_conflict_detail_view_set_field_choice (KasirConflictDetailView *self,
                                             const char              *field,
                                             gboolean                 keep_mine)
{
  g_return_val_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self), FALSE);

  for (guint i = 0; i < self->field_names->len; i++)
    if (g_strcmp0 (self->field_names->pdata[i], field) == 0)
      {
        GtkWidget *mine = self->field_choices->pdata[i];
        GtkWidget *theirs = gtk_widget_get_next_sibling (mine);

        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (keep_mine ? mine : theirs), TRUE);
        return TRUE;
      }
  return FALSE;
}

static void
show_error (KasirConflictDetailView *self,
            const char              *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The values the chosen decision sends, built by core from what the controls hold.
 * NULL with no error when the decision sends none. */
static JsonNode *
decision_values (KasirConflictDetailView  *self,
                 KasirConflictDecision     decision,
                 GError                  **error)
{
  switch (kasir_conflict_decision_input (decision))
    {
    case KASIR_DECISION_INPUT_COUNT:
      return kasir_conflict_decision_count_values (gtk_spin_button_get_value_as_int (self->counted_spin));
    case KASIR_DECISION_INPUT_AMOUNT:
      {
        KasirMoney amount = 0;

        if (!kasir_ui_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->charge_entry)),
                                   self->currency, &amount, error))
          return NULL;
        return kasir_conflict_decision_amount_values (amount);
      }
    case KASIR_DECISION_INPUT_FIELDS:
      {
        g_autofree gboolean *keep = g_new0 (gboolean, self->field_choices->len + 1);
        g_autoptr(GPtrArray) names = g_ptr_array_new ();

        for (guint i = 0; i < self->field_choices->len; i++)
          {
            keep[i] = gtk_toggle_button_get_active (self->field_choices->pdata[i]);
            g_ptr_array_add (names, self->field_names->pdata[i]);
          }
        g_ptr_array_add (names, NULL);
        return kasir_conflict_decision_fields_values ((const char * const *) names->pdata, keep);
      }
    case KASIR_DECISION_INPUT_NONE:
    default:
      return NULL;
    }
}

gboolean
kasir_conflict_detail_view_resolve (KasirConflictDetailView  *self,
                                    GError                  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) values = NULL;
  g_autofree char *note = NULL;
  KasirConflictDecision decision;
  int chosen;
  gint64 conflict_id, seq;

  g_return_val_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self), FALSE);
  g_return_val_if_fail (self->detail != NULL, FALSE);

  chosen = chosen_index (self);
  conflict_id = self->detail->entry->conflict->id;
  if (chosen < 0)
    {
      g_set_error_literal (&local_error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                           _("Choose a decision first."));
      goto failed;
    }
  decision = g_array_index (self->decisions, KasirConflictDecision, chosen);
  values = decision_values (self, decision, &local_error);
  if (local_error != NULL)
    goto failed;
  note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_entry))));

  seq = kasir_conflict_repository_decide (self->repo, conflict_id,
                                          kasir_conflict_decision_to_string (decision),
                                          *note != '\0' ? note : NULL, values, self->staff_id,
                                          &local_error);
  if (seq == 0)
    goto failed;

  if (self->service != NULL)
    kasir_sync_service_outbox_changed (self->service);
  kasir_conflict_detail_view_show (self, conflict_id, NULL);
  g_signal_emit (self, signals[RESOLVED], 0, conflict_id);
  return TRUE;

failed:
  show_error (self, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

const char *
kasir_conflict_detail_view_get_state_text (KasirConflictDetailView *self)
{
  g_return_val_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self), NULL);
  return self->state_text;
}

guint
kasir_conflict_detail_view_get_n_differing (KasirConflictDetailView *self)
{
  g_return_val_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self), 0);
  return self->n_differing;
}

/* ---- GObject ---- */

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kasir_conflict_detail_view_resolve (KASIR_CONFLICT_DETAIL_VIEW (widget), NULL);
}

static void
kasir_conflict_detail_view_dispose (GObject *object)
{
  KasirConflictDetailView *self = KASIR_CONFLICT_DETAIL_VIEW (object);

  g_clear_object (&self->repo);
  g_clear_object (&self->service);
  g_clear_pointer (&self->detail, kasir_conflict_detail_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_CONFLICT_DETAIL_VIEW);

  G_OBJECT_CLASS (kasir_conflict_detail_view_parent_class)->dispose (object);
}

static void
kasir_conflict_detail_view_finalize (GObject *object)
{
  KasirConflictDetailView *self = KASIR_CONFLICT_DETAIL_VIEW (object);

  g_ptr_array_unref (self->decision_buttons);
  g_array_unref (self->decisions);
  g_ptr_array_unref (self->field_choices);
  g_ptr_array_unref (self->field_names);
  g_ptr_array_unref (self->added);
  g_free (self->currency);
  g_free (self->state_text);

  G_OBJECT_CLASS (kasir_conflict_detail_view_parent_class)->finalize (object);
}

static void
kasir_conflict_detail_view_class_init (KasirConflictDetailViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_conflict_detail_view_dispose;
  object_class->finalize = kasir_conflict_detail_view_finalize;

  signals[RESOLVED] =
    g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kasir-conflict-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, stack);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, title_label);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, description_label);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, state_label);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, fields_section);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, fields_grid);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, origin_section);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, origin_heading);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, origin_box);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, decision_section);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, decisions_box);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, counted_row);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, counted_spin);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, charge_row);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, charge_entry);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, field_choices_box);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, note_entry);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, note_hint);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, error_label);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, resolve_button);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, resolution_section);
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, resolution_box);
  gtk_widget_class_bind_template_callback (widget_class, on_note_activate);
  gtk_widget_class_install_action (widget_class, "detail.resolve", NULL, resolve_action);
}

static void
kasir_conflict_detail_view_init (KasirConflictDetailView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->decision_buttons = g_ptr_array_new ();
  self->decisions = g_array_new (FALSE, FALSE, sizeof (KasirConflictDecision));
  self->field_choices = g_ptr_array_new ();
  self->field_names = g_ptr_array_new_with_free_func (g_free);
  self->added = g_ptr_array_new ();
  self->currency = g_strdup (KASIR_DEFAULT_CURRENCY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.resolve", FALSE);
}

/* kasir-conflict-detail.c — one conflict side by side, and the manager's decision.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-conflict-detail.h"
#include "kasir-manager.h"
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

  /* The decision controls of the conflict shown; rebuilt for each one. */
  GPtrArray               *decision_buttons;  /* GtkCheckButton*, "decision" data */
  GPtrArray               *field_choices;     /* GtkToggleButton* "Keep mine", "field" data */
  GtkSpinButton           *counted_spin;
  GtkEntry                *charge_entry;
  GtkEntry                *note_entry;
  GtkLabel                *note_hint;
  GtkLabel                *error_label;
  GtkLabel                *state_label;
  GtkWidget               *resolve_button;

  GtkStack                *stack;
  GtkBox                  *content;
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
    default:
      return _("Unknown");
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
  if (decision == NULL)
    return "";
  if (g_str_equal (decision, "accept"))
    return kind == KASIR_CONFLICT_LOYALTY_OVERSPENT ? _("Accept the negative balance")
                                                    : _("Accept (keep the negative stock)");
  if (g_str_equal (decision, "counted_stock"))
    return _("Enter the counted stock");
  if (g_str_equal (decision, "void_sale"))
    return _("Void the sale as a refund");
  if (g_str_equal (decision, "charge_difference"))
    return _("Charge the difference");
  if (g_str_equal (decision, "write_off"))
    return _("Write the points off");
  if (g_str_equal (decision, "merge"))
    return _("Choose field by field");
  if (g_str_equal (decision, "acknowledge"))
    return _("Acknowledge");
  return decision;
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
        g_autofree char *when = kasir_manager_format_time (entry->resolved_at);

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
kasir_conflict_entry_amount_text (const KasirConflictEntry *entry,
                                  const char               *currency)
{
  if (entry->amount == 0)
    return g_strdup ("");
  if (entry->amount_is_money)
    return kasir_ui_money_format (entry->amount, currency);
  if (entry->conflict->kind == KASIR_CONFLICT_LOYALTY_OVERSPENT)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " point",
                                         "%" G_GINT64_FORMAT " points", entry->amount),
                            entry->amount);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " unit",
                                       "%" G_GINT64_FORMAT " units", entry->amount),
                          entry->amount);
}

/* ---- Building the view ---- */

static gboolean
field_is_money (const char *name)
{
  return g_str_equal (name, "price") || g_str_equal (name, "amount") ||
         g_str_equal (name, "total") || g_str_equal (name, "unit_price");
}

/* The fields the server names, as people say them; unknown ones keep their name. */
static const char *
field_title (const char *name)
{
  static const struct { const char *name; const char *title; } titles[] = {
    { "name", N_("Name") }, { "price", N_("Price") }, { "qty", N_("Stock") },
    { "qty_sold", N_("Units sold") }, { "product_id", N_("Product") },
    { "customer_id", N_("Customer") }, { "loyalty_points", N_("Loyalty points") },
    { "points", N_("Points") }, { "points_redeemed", N_("Points used") },
    { "archived", N_("Archived") }, { "barcode", N_("Barcode") }, { "sku", N_("SKU") },
    { "tax_rate_bp", N_("Tax rate (basis points)") }, { "category_id", N_("Category") },
    { "phone", N_("Phone") }, { "email", N_("Email") }, { "shift_id", N_("Shift") },
    { "price_version", N_("Price version") },
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

static void
clear_content (KasirConflictDetailView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);
  g_ptr_array_set_size (self->decision_buttons, 0);
  g_ptr_array_set_size (self->field_choices, 0);
  self->counted_spin = NULL;
  self->charge_entry = NULL;
  self->note_entry = NULL;
  self->note_hint = NULL;
  self->error_label = NULL;
  self->state_label = NULL;
  self->resolve_button = NULL;
  self->n_differing = 0;
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 3, -1);
  return label;
}

static GtkWidget *
cell (const char *text,
      gboolean    bold,
      gboolean    differs)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), !bold);
  gtk_widget_set_hexpand (label, TRUE);
  if (bold)
    gtk_widget_add_css_class (label, "heading");
  if (differs)
    gtk_widget_add_css_class (label, "warning");
  return label;
}

static void
add_summary (KasirConflictDetailView *self)
{
  KasirConflictEntry *entry = self->detail->entry;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (kasir_conflict_kind_title (entry->conflict->kind));
  g_autofree char *created = kasir_manager_format_time (entry->conflict->created_at);
  g_autofree char *amount = kasir_conflict_entry_amount_text (entry, self->currency);
  g_autofree char *sub = NULL;
  GtkWidget *label;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (box), title);

  /* TRANSLATORS: "Kopi Susu · 2 units short · terminal 3 · 2026-11-22 08:15". */
  sub = g_strdup_printf (_("%s · %s · terminal %" G_GINT64_FORMAT " · %s"),
                         entry->what != NULL ? entry->what : "", amount,
                         entry->conflict->terminal_id, created);
  label = gtk_label_new (sub);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  g_free (self->state_text);
  self->state_text = kasir_conflict_entry_state_text (entry);
  label = gtk_label_new (self->state_text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (entry->local_state == KASIR_LOCAL_RESOLUTION_ALREADY_RESOLVED ||
      entry->local_state == KASIR_LOCAL_RESOLUTION_REJECTED)
    gtk_widget_add_css_class (label, "warning");
  else if (entry->local_state == KASIR_LOCAL_RESOLUTION_APPLIED)
    gtk_widget_add_css_class (label, "success");
  else if (entry->local_state == KASIR_LOCAL_RESOLUTION_PENDING)
    gtk_widget_add_css_class (label, "accent");
  self->state_label = GTK_LABEL (label);
  gtk_box_append (GTK_BOX (box), label);

  gtk_box_append (self->content, box);
}

static void
add_fields (KasirConflictDetailView *self)
{
  GPtrArray *fields = self->detail->fields;
  GtkWidget *grid;

  if (fields == NULL || fields->len == 0)
    return;

  gtk_box_append (self->content, heading (_("Side by Side")));
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Values side by side"), -1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Field"), TRUE, FALSE), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Base"), TRUE, FALSE), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("This terminal"), TRUE, FALSE), 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Server"), TRUE, FALSE), 3, 0, 1, 1);

  for (guint i = 0; i < fields->len; i++)
    {
      KasirConflictField *field = fields->pdata[i];
      g_autofree char *base = value_text (self, field->name, field->base);
      g_autofree char *mine = value_text (self, field->name, field->terminal);
      g_autofree char *theirs = value_text (self, field->name, field->server);
      GtkWidget *name = cell (field_title (field->name), FALSE, field->differs);

      if (field->differs)
        {
          /* The highlight is also said in words, for screen readers. */
          g_autofree char *described = g_strdup_printf (_("%s (differs)"), field_title (field->name));

          gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          described, -1);
          self->n_differing++;
        }
      gtk_grid_attach (GTK_GRID (grid), name, 0, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (base, FALSE, FALSE), 1, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (mine, FALSE, field->differs), 2, i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (theirs, FALSE, field->differs), 3, i + 1, 1, 1);
    }
  gtk_box_append (self->content, grid);
}

static void
add_line (GtkWidget  *box,
          const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);
}

static void
add_origin (KasirConflictDetailView *self)
{
  KasirConflictDetail *d = self->detail;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  KasirSale *sale = d->sale;

  if (d->receipt_no == NULL && sale == NULL && d->origin == NULL)
    return;

  gtk_box_append (self->content, heading (sale != NULL || d->receipt_no != NULL
                                          ? _("The Sale") : _("The Edit")));
  if (d->receipt_no != NULL || sale != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Receipt %s"),
                                               d->receipt_no != NULL ? d->receipt_no : sale->receipt_no);
      add_line (box, text);
    }
  if (sale != NULL)
    {
      g_autofree char *when = kasir_manager_format_time (sale->created_at);
      g_autofree char *by = g_strdup_printf (_("Sold at %s by %s"), when,
                                             d->cashier_name != NULL ? d->cashier_name : _("unknown"));
      add_line (box, by);
      for (guint i = 0; i < sale->lines->len; i++)
        {
          KasirSaleLine *line = sale->lines->pdata[i];
          g_autofree char *unit = kasir_ui_money_format (line->unit_price, sale->currency);
          g_autofree char *total = kasir_ui_money_format (line->total, sale->currency);
          /* TRANSLATORS: a sale line: "2 × Kopi Susu at Rp 18.000 = Rp 36.000". */
          g_autofree char *text = g_strdup_printf (_("%" G_GINT64_FORMAT " × %s at %s = %s"),
                                                   line->qty, line->name != NULL ? line->name : "",
                                                   unit, total);
          add_line (box, text);
        }
      for (guint i = 0; i < sale->payments->len; i++)
        {
          KasirPayment *payment = sale->payments->pdata[i];
          g_autofree char *amount = kasir_ui_money_format (payment->amount, sale->currency);
          g_autofree char *text = g_strdup_printf (_("Paid %s by %s"), amount,
                                                   kasir_payment_method_to_string (payment->method));
          add_line (box, text);
        }
      if (sale->loyalty_redeemed > 0)
        {
          g_autofree char *text = g_strdup_printf (_("Loyalty points used: %" G_GINT64_FORMAT),
                                                   sale->loyalty_redeemed);
          add_line (box, text);
        }
    }
  else if (d->receipt_no != NULL)
    {
      add_line (box, _("The sale was made on another till; its lines are kept there."));
    }
  if (d->origin != NULL)
    {
      g_autofree char *when = kasir_manager_format_time (d->origin->created_at);
      g_autofree char *text = g_strdup_printf (_("%s made on this till at %s"),
                                               kasir_mutation_type_to_string (d->origin->type), when);
      g_autofree char *payload = json_to_string (d->origin->payload, FALSE);

      add_line (box, text);
      add_line (box, payload);
    }
  gtk_box_append (self->content, box);
}

static const char *
chosen_decision (KasirConflictDetailView *self)
{
  for (guint i = 0; i < self->decision_buttons->len; i++)
    {
      GtkCheckButton *button = self->decision_buttons->pdata[i];

      if (gtk_check_button_get_active (button))
        return g_object_get_data (G_OBJECT (button), "decision");
    }
  return NULL;
}

/* Shows the controls the chosen decision needs, and whether a note is required. */
static void
update_controls (KasirConflictDetailView *self)
{
  const char *decision = chosen_decision (self);
  KasirConflictKind kind = self->detail->entry->conflict->kind;
  gboolean needs_note;

  if (self->counted_spin != NULL)
    gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->counted_spin)),
                            g_strcmp0 (decision, "counted_stock") == 0);
  if (self->charge_entry != NULL)
    gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->charge_entry)),
                            g_strcmp0 (decision, "charge_difference") == 0);
  for (guint i = 0; i < self->field_choices->len; i++)
    gtk_widget_set_sensitive (gtk_widget_get_parent (self->field_choices->pdata[i]),
                              g_strcmp0 (decision, "merge") == 0);
  needs_note = decision != NULL && kasir_conflict_repository_decision_needs_note (kind, decision);
  if (self->note_hint != NULL)
    gtk_label_set_text (self->note_hint, needs_note
                        ? _("A note is required: this decision changes money or stock.")
                        : _("A note is optional."));
  if (self->resolve_button != NULL)
    gtk_widget_set_sensitive (self->resolve_button, decision != NULL);
}

static void
add_field_choices (KasirConflictDetailView *self,
                   GtkWidget               *box)
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
      g_object_set_data_full (G_OBJECT (mine), "field", g_strdup (field->name), g_free);
      gtk_box_append (GTK_BOX (row), mine);
      gtk_box_append (GTK_BOX (row), theirs);
      gtk_widget_add_css_class (row, "linked");
      g_ptr_array_add (self->field_choices, mine);
      gtk_box_append (GTK_BOX (box), row);
    }
}

static void
on_decision_toggled (KasirConflictDetailView *self)
{
  update_controls (self);
}

static void
on_resolve_clicked (KasirConflictDetailView *self)
{
  kasir_conflict_detail_view_resolve (self, NULL);
}

static void
add_decisions (KasirConflictDetailView *self)
{
  KasirConflictEntry *entry = self->detail->entry;
  KasirConflictKind kind = entry->conflict->kind;
  const char * const *decisions = kasir_conflict_repository_decisions_for (kind);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkCheckButton *first = NULL;
  GtkWidget *row, *label;

  gtk_box_append (self->content, heading (_("Decision")));
  for (guint i = 0; decisions != NULL && decisions[i] != NULL; i++)
    {
      GtkWidget *button;

      /* Voiding refunds the sale, which only the till that made it holds. */
      if (g_str_equal (decisions[i], "void_sale") && self->detail->sale == NULL)
        continue;
      button = gtk_check_button_new_with_label (kasir_conflict_decision_title (kind, decisions[i]));
      gtk_widget_set_size_request (button, -1, 40);
      if (first == NULL)
        first = GTK_CHECK_BUTTON (button);
      else
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), first);
      g_object_set_data_full (G_OBJECT (button), "decision", g_strdup (decisions[i]), g_free);
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (on_decision_toggled), self);
      g_ptr_array_add (self->decision_buttons, button);
      gtk_box_append (GTK_BOX (box), button);

      if (g_str_equal (decisions[i], "counted_stock"))
        {
          row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
          gtk_widget_set_margin_start (row, 32);
          label = gtk_label_new_with_mnemonic (_("_Counted units"));
          self->counted_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (-1000000, 1000000, 1));
          gtk_spin_button_set_value (self->counted_spin, 0);
          gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->counted_spin));
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->counted_spin),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Counted units"), -1);
          gtk_box_append (GTK_BOX (row), label);
          gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->counted_spin));
          gtk_box_append (GTK_BOX (box), row);
        }
      else if (g_str_equal (decisions[i], "charge_difference"))
        {
          row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
          gtk_widget_set_margin_start (row, 32);
          label = gtk_label_new_with_mnemonic (_("_Amount to charge"));
          self->charge_entry = GTK_ENTRY (gtk_entry_new ());
          gtk_entry_set_input_purpose (self->charge_entry, GTK_INPUT_PURPOSE_NUMBER);
          gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->charge_entry));
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->charge_entry),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Amount to charge"), -1);
          gtk_box_append (GTK_BOX (row), label);
          gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->charge_entry));
          gtk_box_append (GTK_BOX (box), row);
        }
      else if (g_str_equal (decisions[i], "merge"))
        {
          add_field_choices (self, box);
        }
    }
  if (first != NULL && self->decision_buttons->len == 1)
    gtk_check_button_set_active (first, TRUE);
  gtk_box_append (self->content, box);

  label = gtk_label_new_with_mnemonic (_("_Note"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (self->content, label);
  self->note_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->note_entry, _("Why this decision"));
  /* Enter in the note resolves, as the Resolve button does. */
  g_signal_connect_swapped (self->note_entry, "activate", G_CALLBACK (on_resolve_clicked), self);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->note_entry));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note"), -1);
  gtk_box_append (self->content, GTK_WIDGET (self->note_entry));
  self->note_hint = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->note_hint, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->note_hint), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->note_hint), "caption");
  gtk_box_append (self->content, GTK_WIDGET (self->note_hint));

  self->error_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (self->content, GTK_WIDGET (self->error_label));

  self->resolve_button = gtk_button_new_with_mnemonic (_("_Resolve"));
  gtk_widget_add_css_class (self->resolve_button, "suggested-action");
  gtk_widget_add_css_class (self->resolve_button, "pill");
  gtk_widget_set_halign (self->resolve_button, GTK_ALIGN_END);
  gtk_widget_set_size_request (self->resolve_button, 160, 44);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->resolve_button), "detail.resolve");
  gtk_box_append (self->content, self->resolve_button);

  update_controls (self);
}

static void
add_resolution (KasirConflictDetailView *self)
{
  KasirConflictEntry *entry = self->detail->entry;
  const char *decision = entry->resolved_decision != NULL ? entry->resolved_decision
                                                          : entry->local_decision;
  const char *note = entry->resolved_note != NULL ? entry->resolved_note : entry->local_note;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_box_append (self->content, heading (_("Resolution")));
  if (decision != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Decision: %s"),
                                               kasir_conflict_decision_title (entry->conflict->kind,
                                                                              decision));
      add_line (box, text);
    }
  else if (entry->conflict->status == KASIR_CONFLICT_RESOLVED_BY_RULE)
    {
      add_line (box, _("Resolved by the outlet's rule; nobody needs to decide."));
    }
  if (entry->resolved_by_name != NULL)
    {
      g_autofree char *when = kasir_manager_format_time (entry->resolved_at);
      g_autofree char *text = g_strdup_printf (_("By %s at %s"), entry->resolved_by_name, when);

      add_line (box, text);
    }
  if (note != NULL && *note != '\0')
    {
      g_autofree char *text = g_strdup_printf (_("Note: %s"), note);

      add_line (box, text);
    }
  if (entry->local_state == KASIR_LOCAL_RESOLUTION_ALREADY_RESOLVED && entry->local_decision != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This till's decision (%s) came second and was not applied."),
                                               kasir_conflict_decision_title (entry->conflict->kind,
                                                                              entry->local_decision));
      add_line (box, text);
    }
  gtk_box_append (self->content, box);
}

static void
rebuild (KasirConflictDetailView *self)
{
  KasirConflictEntry *entry;

  clear_content (self);
  if (self->detail == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.resolve", FALSE);
      return;
    }
  entry = self->detail->entry;
  add_summary (self);
  add_fields (self);
  add_origin (self);
  /* A decision refused for a reason other than "someone was first" may be taken again. */
  if (entry->conflict->status == KASIR_CONFLICT_OPEN)
    add_decisions (self);
  else
    add_resolution (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.resolve",
                                 entry->conflict->status == KASIR_CONFLICT_OPEN);
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
  g_return_val_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self), FALSE);

  for (guint i = 0; i < self->decision_buttons->len; i++)
    {
      GtkCheckButton *button = self->decision_buttons->pdata[i];

      if (g_strcmp0 (g_object_get_data (G_OBJECT (button), "decision"), decision) == 0)
        {
          gtk_check_button_set_active (button, TRUE);
          return TRUE;
        }
    }
  return FALSE;
}

void
kasir_conflict_detail_view_set_note (KasirConflictDetailView *self,
                                     const char              *note)
{
  g_return_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self));
  if (self->note_entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->note_entry), note != NULL ? note : "");
}

void
kasir_conflict_detail_view_set_counted (KasirConflictDetailView *self,
                                        gint64                   qty)
{
  g_return_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self));
  if (self->counted_spin != NULL)
    gtk_spin_button_set_value (self->counted_spin, (double) qty);
}

void
kasir_conflict_detail_view_set_charge (KasirConflictDetailView *self,
                                       const char              *amount_text)
{
  g_return_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self));
  if (self->charge_entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->charge_entry), amount_text);
}

gboolean
kasir_conflict_detail_view_set_field_choice (KasirConflictDetailView *self,
                                             const char              *field,
                                             gboolean                 keep_mine)
{
  g_return_val_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self), FALSE);

  for (guint i = 0; i < self->field_choices->len; i++)
    {
      GtkWidget *mine = self->field_choices->pdata[i];

      if (g_strcmp0 (g_object_get_data (G_OBJECT (mine), "field"), field) == 0)
        {
          GtkWidget *theirs = gtk_widget_get_next_sibling (mine);

          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (keep_mine ? mine : theirs), TRUE);
          return TRUE;
        }
    }
  return FALSE;
}

static void
show_error (KasirConflictDetailView *self,
            const char              *message)
{
  if (self->error_label == NULL)
    return;
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

gboolean
kasir_conflict_detail_view_resolve (KasirConflictDetailView  *self,
                                    GError                  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autofree char *note = NULL;
  const char *decision;
  gint64 conflict_id, seq;

  g_return_val_if_fail (KASIR_IS_CONFLICT_DETAIL_VIEW (self), FALSE);
  g_return_val_if_fail (self->detail != NULL, FALSE);

  decision = chosen_decision (self);
  conflict_id = self->detail->entry->conflict->id;
  if (decision == NULL)
    {
      g_set_error_literal (&local_error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_INVALID,
                           _("Choose a decision first."));
      goto failed;
    }
  note = g_strstrip (g_strdup (self->note_entry != NULL
                               ? gtk_editable_get_text (GTK_EDITABLE (self->note_entry)) : ""));

  if (g_str_equal (decision, "counted_stock") && self->counted_spin != NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "qty");
      json_builder_add_int_value (builder, gtk_spin_button_get_value_as_int (self->counted_spin));
      json_builder_end_object (builder);
      value = json_builder_get_root (builder);
    }
  else if (g_str_equal (decision, "charge_difference") && self->charge_entry != NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      KasirMoney amount = 0;

      if (!kasir_ui_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->charge_entry)),
                                 self->currency, &amount, &local_error))
        goto failed;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "amount");
      json_builder_add_int_value (builder, amount);
      json_builder_end_object (builder);
      value = json_builder_get_root (builder);
    }
  else if (g_str_equal (decision, "merge"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "fields");
      json_builder_begin_object (builder);
      for (guint i = 0; i < self->field_choices->len; i++)
        {
          GtkWidget *mine = self->field_choices->pdata[i];

          json_builder_set_member_name (builder, g_object_get_data (G_OBJECT (mine), "field"));
          json_builder_add_string_value (builder,
                                         gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (mine))
                                         ? "mine" : "theirs");
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      value = json_builder_get_root (builder);
    }

  seq = kasir_conflict_repository_decide (self->repo, conflict_id, decision,
                                          *note != '\0' ? note : NULL, value, self->staff_id,
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
  on_resolve_clicked (KASIR_CONFLICT_DETAIL_VIEW (widget));
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
  g_ptr_array_unref (self->field_choices);
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
  gtk_widget_class_bind_template_child (widget_class, KasirConflictDetailView, content);
  gtk_widget_class_install_action (widget_class, "detail.resolve", NULL, resolve_action);
}

static void
kasir_conflict_detail_view_init (KasirConflictDetailView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->decision_buttons = g_ptr_array_new ();
  self->field_choices = g_ptr_array_new ();
  self->currency = g_strdup (KASIR_DEFAULT_CURRENCY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.resolve", FALSE);
}

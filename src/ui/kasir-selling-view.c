/* kasir-selling-view.c — the till: catalog, search, scanner input and the cart.
 *
 * A barcode scanner is a keyboard that types a code and Enter within a few milliseconds.
 * The view's scanner (kasir-scanner.c) watches the keys of the till's window and of every
 * dialog over it, wherever the focus is: a scan adds the product to the sale, and never
 * leaves a number in the field that had the focus.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>
#include <inttypes.h>

#include "kasir-selling-view.h"
#include "kasir-shift-gate.h"
#include "kasir-catalog-repository.h"
#include "kasir-cart-repository.h"
#include "kasir-sync-state-repository.h"
#include "kasir-settings-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-product-tile.h"
#include "kasir-selling-keys.h"
#include "kasir-selling-park.h"
#include "kasir-modifier-chooser.h"
#include "kasir-shortcuts.h"
#include "kasir-approval.h"
#include "kasir-money.h"

struct _KasirSellingView
{
  GtkWidget               parent_instance;

  GSettings              *settings;
  KasirTillContext       *context;
  KasirDatabase          *database;
  KasirSyncService       *service;
  KasirCatalogRepository *catalog;
  KasirCatalogModel      *model;
  GArray                 *category_ids;   /* gint64, index 0 is "all" */
  char                   *currency;
  gint64                  outlet_id;
  KasirCheckoutDialog    *dialog;
  char                   *message;

  KasirScanner           *scanner;
  GtkEventController     *window_keys;   /* on the root, while the view is in one */

  GtkWidget              *paned;
  GtkSearchEntry         *search_entry;
  GtkDropDown            *category_dropdown;
  GtkLabel               *message_label;
  GtkStack               *catalog_stack;
  GtkGridView            *grid_view;
  GtkBox                 *cart_column;
  KasirCartView          *cart_view;
  KasirCustomerBar       *customer_bar;  /* once the context is given */
};

G_DEFINE_FINAL_TYPE (KasirSellingView, kasir_selling_view, GTK_TYPE_WIDGET)

static void
set_message (KasirSellingView *self,
             const char       *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "title-3");
}

/* Something the cashier must not miss: in colour, large, and for an unknown code with
 * the desktop's error bell (the eyes are on the customer, not the screen). */
static void
set_alert (KasirSellingView *self,
           const char       *message,
           const char       *css_class)
{
  set_message (self, message);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), css_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "title-3");
}

/* Selling is never blocked by stock, but a line above what the till knows is on the
 * shelf is worth a look (a miscount, or a wrong product scanned). */
static void
warn_about_stock (KasirSellingView   *self,
                  const KasirProduct *product)
{
  const KasirCart *cart = kasir_cart_view_get_cart (self->cart_view);
  gboolean known = FALSE;
  gint64 stock = 0;
  gint64 in_cart = 0;
  g_autofree char *message = NULL;
  g_autofree char *stock_text = NULL;
  g_autofree char *cart_text = NULL;

  if (self->catalog == NULL ||
      !kasir_catalog_repository_find_stock (self->catalog, product->id, self->outlet_id, &known, &stock, NULL) ||
      !known)
    return;
  for (guint i = 0; i < cart->lines->len; i++)
    {
      const KasirCartLine *line = g_ptr_array_index (cart->lines, i);

      if (line->product_id == product->id)
        in_cart += line->qty;
    }
  if (in_cart <= stock)
    return;

  stock_text = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (stock, 0));
  cart_text = g_strdup_printf ("%" G_GINT64_FORMAT, in_cart);
  /* Translators: %1$s is a product, %2$s how many the till knows are in stock, %3$s how
   * many are in the sale. */
  message = g_strdup_printf (_("%1$s: only %2$s in stock, %3$s in this sale (the sale can go ahead)"),
                             product->name, stock_text, cart_text);
  set_alert (self, message, "warning");
}

static void
update_catalog_state (KasirSellingView *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;

  gtk_stack_set_visible_child_name (self->catalog_stack, n > 0 ? "grid" : "empty");
}

static gboolean
add_line (KasirSellingView   *self,
          const KasirProduct *product,
          gint64              qty,
          GPtrArray          *options,
          GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;

  if (!kasir_cart_view_add_product_with_options (self->cart_view, product, qty, options,
                                                 &local_error))
    {
      set_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (qty == 1)
    /* Translators: shown after a product was put in the cart. */
    message = g_strdup_printf (_("Added %s"), product->name);
  else
    /* Translators: shown after several of a product were put in the cart. */
    message = g_strdup_printf (_("Added %" PRId64 " × %s"), qty, product->name);
  set_message (self, message);
  warn_about_stock (self, product);

  return TRUE;
}

static void
options_chosen (GObject            *owner,
                const KasirProduct *product,
                gint64              qty,
                GPtrArray          *options)
{
  add_line (KASIR_SELLING_VIEW (owner), product, qty, options, NULL);
}

/* A product with modifier groups is added once its options are chosen. */
static gboolean
add_product_qty (KasirSellingView   *self,
                 const KasirProduct *product,
                 gint64              qty,
                 GError            **error)
{
  if (self->context != NULL
      && kasir_modifier_chooser_offer (self->context, GTK_WIDGET (self), product, qty,
                                       G_OBJECT (self), options_chosen))
    return TRUE;
  return add_line (self, product, qty, NULL, error);
}

static gboolean
add_product (KasirSellingView   *self,
             const KasirProduct *product,
             GError            **error)
{
  return add_product_qty (self, product, 1, error);
}

static gboolean
add_code_qty (KasirSellingView  *self,
              const char        *code,
              gint64             qty,
              GError           **error)
{
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(GError) local_error = NULL;

  if (self->catalog == NULL)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_INVALID,
                   _("The catalog is not open"));
      return FALSE;
    }

  product = kasir_catalog_repository_lookup_code (self->catalog, code, &local_error);
  if (product == NULL)
    {
      g_autofree char *message = NULL;

      /* A code that is no product may be a member's card: it attaches the member. */
      if (g_error_matches (local_error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND) &&
          self->customer_bar != NULL && kasir_customer_bar_attach_code (self->customer_bar, code))
        {
          set_message (self, kasir_customer_bar_get_text (self->customer_bar));
          return TRUE;
        }
      if (g_error_matches (local_error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND))
        /* Translators: a scanned or typed code matched no product. */
        message = g_strdup_printf (_("No product has the code “%s”"), code);
      else
        message = g_strdup_printf (_("The code could not be looked up: %s"), local_error->message);
      set_alert (self, message, "error");
      gtk_widget_error_bell (GTK_WIDGET (self));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return add_product_qty (self, product, qty, error);
}

gboolean
kasir_selling_view_add_code (KasirSellingView  *self,
                             const char        *code,
                             GError           **error)
{
  g_return_val_if_fail (KASIR_IS_SELLING_VIEW (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  return add_code_qty (self, code, 1, error);
}

/* ---- Scanner ---- */

static gboolean
window_belongs_to (GtkWindow *window,
                   GtkWindow *root)
{
  for (GtkWindow *w = gtk_window_get_transient_for (window); w != NULL; w = gtk_window_get_transient_for (w))
    if (w == root)
      return TRUE;

  return FALSE;
}

/* A scan in the till's window, or in any dialog over it, is a product for the sale:
 * never an amount, a note or a PIN. The payment dialog takes none (the amount there is
 * the customer's money); once its sale is complete, the scan starts the next sale. */
static void
on_scanned (KasirScanner     *scanner,
            GtkWindow        *window,
            const char       *code,
            KasirSellingView *self)
{
  if (self->dialog != NULL && (window == GTK_WINDOW (self->dialog) ||
                               window_belongs_to (window, GTK_WINDOW (self->dialog))))
    {
      if (kasir_checkout_dialog_get_sale (self->dialog) == NULL)
        {
          kasir_checkout_dialog_refuse_scan (self->dialog, code);
          return;
        }
      gtk_window_close (GTK_WINDOW (self->dialog));
    }

  /* Behind the lock screen nobody sells: the code goes nowhere. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  /* "3" or "3*" typed in the search field before the scan: three of them. */
  {
    gint64 qty = kasir_selling_keys_quantity (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

    if (qty > 0)
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
    add_code_qty (self, code, qty > 0 ? qty : 1, NULL);
  }
}

/* Watches the dialogs over the till's window, and gives the search field the focus back
 * when the last of them closes (the first scan after signing in, or after any dialog,
 * must not land on whatever had the focus before). */
static void
on_toplevels_changed (GListModel       *toplevels,
                      guint             position,
                      guint             removed,
                      guint             added,
                      KasirSellingView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gboolean dialog_open = FALSE;
  guint n = g_list_model_get_n_items (toplevels);

  if (!GTK_IS_WINDOW (root))
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (!window_belongs_to (window, GTK_WINDOW (root)))
        continue;
      kasir_scanner_watch (self->scanner, window);
      if (gtk_widget_get_visible (GTK_WIDGET (window)))
        dialog_open = TRUE;
    }

  if (removed > 0 && !dialog_open && gtk_widget_get_mapped (GTK_WIDGET (self)))
    kasir_selling_view_focus_search (self);
}

static gboolean on_key_pressed (GtkEventControllerKey *controller,
                                guint                  keyval,
                                guint                  keycode,
                                GdkModifierType        state,
                                KasirSellingView      *self);

static void
kasir_selling_view_root (GtkWidget *widget)
{
  KasirSellingView *self = KASIR_SELLING_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (kasir_selling_view_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      kasir_scanner_watch (self->scanner, GTK_WINDOW (root));
      /* The cart's keys work wherever the focus is in the window (the badge too). */
      self->window_keys = gtk_event_controller_key_new ();
      gtk_event_controller_set_propagation_phase (self->window_keys, GTK_PHASE_CAPTURE);
      g_signal_connect_object (self->window_keys, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
      gtk_widget_add_controller (GTK_WIDGET (root), self->window_keys);
    }
  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (on_toplevels_changed), self, 0);
}

static void
kasir_selling_view_unroot (GtkWidget *widget)
{
  KasirSellingView *self = KASIR_SELLING_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  g_signal_handlers_disconnect_by_func (gtk_window_get_toplevels (), on_toplevels_changed, self);
  if (GTK_IS_WINDOW (root))
    kasir_scanner_unwatch (self->scanner, GTK_WINDOW (root));
  if (self->window_keys != NULL && root != NULL)
    gtk_widget_remove_controller (GTK_WIDGET (root), g_steal_pointer (&self->window_keys));

  GTK_WIDGET_CLASS (kasir_selling_view_parent_class)->unroot (widget);
}

gboolean
kasir_selling_view_scanner_key (KasirSellingView *self,
                                guint             keyval,
                                guint32           time_ms)
{
  GtkRoot *root;

  g_return_val_if_fail (KASIR_IS_SELLING_VIEW (self), FALSE);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (!GTK_IS_WINDOW (root))
    return FALSE;

  return kasir_scanner_key (self->scanner, GTK_WINDOW (root), keyval, time_ms);
}

KasirScanner *
kasir_selling_view_get_scanner (KasirSellingView *self)
{
  g_return_val_if_fail (KASIR_IS_SELLING_VIEW (self), NULL);

  return self->scanner;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KasirSellingView      *self)
{
  const KasirSellingKeysTargets targets = {
    GTK_WIDGET (self), GTK_EDITABLE (self->search_entry), GTK_WIDGET (self->grid_view), self->cart_view,
  };

  /* Behind the lock screen, or another page, the cart's keys do nothing. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return GDK_EVENT_PROPAGATE;

  return kasir_selling_keys_press (&targets, keyval, state) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

/* ---- Search and catalog ---- */

static void
on_search_changed (GtkSearchEntry   *entry,
                   KasirSellingView *self)
{
  if (self->model == NULL)
    return;

  kasir_catalog_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (entry)));
  if (kasir_catalog_model_get_search (self->model) == NULL)
    {
      guint index = gtk_drop_down_get_selected (self->category_dropdown);

      if (self->category_ids != NULL && index < self->category_ids->len)
        kasir_catalog_model_set_category (self->model, g_array_index (self->category_ids, gint64, index));
    }
  update_catalog_state (self);
}

static void
on_search_activate (GtkSearchEntry   *entry,
                    KasirSellingView *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr(KasirProduct) product = NULL;
  guint n;

  if (text[0] == '\0' || self->catalog == NULL)
    return;

  /* "3*KOPI-001": three of the product with that code. */
  {
    gint64 qty;
    const char *code;

    if (kasir_selling_keys_split_quantity (text, &qty, &code))
      {
        if (add_code_qty (self, code, qty, NULL))
          gtk_editable_set_text (GTK_EDITABLE (entry), "");
        return;
      }
    if (kasir_selling_keys_quantity (text) > 0 && strchr (text, '*') != NULL)
      {
        /* Translators: a quantity was typed; the product comes next. */
        set_message (self, _("Now scan or type the product"));
        return;
      }
  }

  /* A typed barcode or SKU wins over the words it may also match. */
  product = kasir_catalog_repository_lookup_code (self->catalog, text, NULL);
  if (product != NULL)
    {
      if (add_product (self, product, NULL))
        gtk_editable_set_text (GTK_EDITABLE (entry), "");
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (n == 1)
    {
      g_autoptr(KasirCatalogItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), 0);

      if (add_product (self, kasir_catalog_item_get_product (item), NULL))
        gtk_editable_set_text (GTK_EDITABLE (entry), "");
    }
  else if (n > 1)
    {
      /* Several matches: the cashier picks one in the grid. */
      gtk_widget_child_focus (GTK_WIDGET (self->grid_view), GTK_DIR_TAB_FORWARD);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Nothing matches “%s”"), text);

      set_message (self, message);
      gtk_widget_error_bell (GTK_WIDGET (self));
    }
}

static void
on_stop_search (GtkSearchEntry   *entry,
                KasirSellingView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_category_selected (GtkDropDown      *dropdown,
                      GParamSpec       *pspec,
                      KasirSellingView *self)
{
  guint index = gtk_drop_down_get_selected (dropdown);

  if (self->model == NULL || self->category_ids == NULL || index >= self->category_ids->len)
    return;

  /* Picking a category browses it; a search in progress gives way. */
  if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  kasir_catalog_model_set_category (self->model, g_array_index (self->category_ids, gint64, index));
  update_catalog_state (self);
}

static void
on_grid_activate (GtkGridView      *grid,
                  guint             position,
                  KasirSellingView *self)
{
  g_autoptr(KasirCatalogItem) item = NULL;
  GListModel *model = G_LIST_MODEL (gtk_grid_view_get_model (grid));

  item = g_list_model_get_item (model, position);
  if (item != NULL)
    add_product (self, kasir_catalog_item_get_product (item), NULL);
}

static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  KasirSellingView         *self)
{
  gtk_list_item_set_child (list_item, kasir_product_tile_new ());
}

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 KasirSellingView         *self)
{
  KasirProductTile *tile = KASIR_PRODUCT_TILE (gtk_list_item_get_child (list_item));

  kasir_product_tile_set_show_stock (tile, g_settings_get_boolean (self->settings, "show-stock-on-tiles"));
  kasir_product_tile_set_item (tile, gtk_list_item_get_item (list_item), self->currency);
}

/* The tiles on screen follow the setting at once: binding them again redraws them. */
static void
on_show_stock_changed (GSettings        *settings,
                       const char       *key,
                       KasirSellingView *self)
{
  GtkSelectionModel *model = gtk_grid_view_get_model (self->grid_view);

  if (model == NULL)
    return;
  g_object_ref (model);
  gtk_grid_view_set_model (self->grid_view, NULL);
  gtk_grid_view_set_model (self->grid_view, model);
  g_object_unref (model);
}

static void
on_factory_unbind (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   KasirSellingView         *self)
{
  kasir_product_tile_set_item (KASIR_PRODUCT_TILE (gtk_list_item_get_child (list_item)),
                               NULL, self->currency);
}

static void
load_categories (KasirSellingView *self)
{
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GError) error = NULL;
  GtkStringList *names = gtk_string_list_new (NULL);
  gint64 all = 0;

  g_clear_pointer (&self->category_ids, g_array_unref);
  self->category_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (self->category_ids, all);
  gtk_string_list_append (names, _("All Products"));

  categories = kasir_catalog_repository_list_categories (self->catalog, &error);
  if (categories == NULL)
    g_warning ("Could not read the categories: %s", error->message);
  for (guint i = 0; categories != NULL && i < categories->len; i++)
    {
      const KasirCategory *category = g_ptr_array_index (categories, i);

      g_array_append_val (self->category_ids, category->id);
      gtk_string_list_append (names, category->name);
    }

  g_signal_handlers_block_by_func (self->category_dropdown, on_category_selected, self);
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  g_signal_handlers_unblock_by_func (self->category_dropdown, on_category_selected, self);
  gtk_widget_set_visible (GTK_WIDGET (self->category_dropdown), self->category_ids->len > 1);
  g_object_unref (names);
}

/**
 * kasir_selling_view_set_context:
 * @self: a selling view
 * @context: what the till works with
 *
 * Given once by the window that holds the view (a template child cannot get it at
 * construction): checkout reads the cashier, the shift and the currency from it.
 */
void
kasir_selling_view_set_context (KasirSellingView *self,
                                KasirTillContext *context)
{
  g_return_if_fail (KASIR_IS_SELLING_VIEW (self));
  g_return_if_fail (KASIR_IS_TILL_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  self->customer_bar = kasir_customer_bar_new (context, self->cart_view);
  gtk_box_append (self->cart_column, GTK_WIDGET (self->customer_bar));
}

KasirCustomerBar *
kasir_selling_view_get_customer_bar (KasirSellingView *self)
{
  g_return_val_if_fail (KASIR_IS_SELLING_VIEW (self), NULL);

  return self->customer_bar;
}

static void
action_customer (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KasirSellingView *self = KASIR_SELLING_VIEW (widget);

  if (self->customer_bar != NULL)
    kasir_customer_bar_choose (self->customer_bar);
}

/* Discounts above the shop's limit wait for a manager (the approval plugs into the cart
 * view's ::discount-approval-needed). Read when the database is set and after every sync,
 * which may have pulled a new limit (one settings row). */
static void
load_discount_limit (KasirSellingView *self)
{
  g_autoptr(KasirSettingsRepository) shop = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 above_bp = 0;

  if (self->database == NULL)
    return;
  shop = kasir_settings_repository_new (self->database);
  if (!kasir_settings_repository_get_int64 (shop, KASIR_SETTING_DISCOUNT_APPROVAL_ABOVE_BP, 0,
                                            &above_bp, &local_error))
    g_warning ("Could not read the discount limit: %s", local_error->message);
  kasir_cart_view_set_discount_approval (self->cart_view, CLAMP (above_bp, 0, 10000));
}

/* Whether shelf prices include tax: the shop's setting (made at shop setup, or pulled
 * from the server), and this machine's preference only where the shop never said. */
static gboolean
prices_include_tax (KasirSellingView *self)
{
  g_autoptr(KasirSettingsRepository) shop = kasir_settings_repository_new (self->database);
  g_autoptr(GError) local_error = NULL;
  gboolean fallback = g_settings_get_boolean (self->settings, "prices-include-tax");
  gint64 inclusive = fallback;

  if (!kasir_settings_repository_get_int64 (shop, KASIR_SETTING_TAX_INCLUSIVE, fallback, &inclusive,
                                            &local_error))
    {
      g_warning ("Could not read whether prices include tax: %s", local_error->message);
      return fallback;
    }
  return inclusive != 0;
}

gboolean
kasir_selling_view_set_database (KasirSellingView  *self,
                                 KasirDatabase     *database,
                                 GError           **error)
{
  g_autoptr(KasirCartRepository) carts = NULL;
  g_autoptr(KasirSyncStateRepository) sync_state = NULL;
  g_autoptr(KasirSyncState) state = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  gint64 outlet_id = 0;

  g_return_val_if_fail (KASIR_IS_SELLING_VIEW (self), FALSE);
  g_return_val_if_fail (KASIR_IS_DATABASE (database), FALSE);

  g_set_object (&self->database, database);
  g_clear_object (&self->catalog);
  self->catalog = kasir_catalog_repository_new (database);

  sync_state = kasir_sync_state_repository_new (database);
  state = kasir_sync_state_repository_load (sync_state, NULL);
  if (state != NULL)
    outlet_id = state->outlet_id;
  self->outlet_id = outlet_id;

  g_free (self->currency);
  self->currency = g_strdup (self->context != NULL
                             ? kasir_till_context_get_currency (self->context)
                             : KASIR_DEFAULT_CURRENCY);

  g_clear_object (&self->model);
  self->model = kasir_catalog_model_new (self->catalog, outlet_id);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (selection));
  load_categories (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  update_catalog_state (self);

  load_discount_limit (self);

  carts = kasir_cart_repository_new (database);

  return kasir_cart_view_load (self->cart_view, carts, self->currency, prices_include_tax (self),
                               error);
}

/* A sync may have brought new products, prices, stock figures or a new discount limit. */
static void
on_synced (KasirSyncService *service,
           GParamSpec       *pspec,
           KasirSellingView *self)
{
  if (self->model != NULL)
    kasir_catalog_model_reload (self->model);
  update_catalog_state (self);
  load_discount_limit (self);
}

void
kasir_selling_view_set_sync_service (KasirSellingView *self,
                                     KasirSyncService *service)
{
  g_return_if_fail (KASIR_IS_SELLING_VIEW (self));
  g_return_if_fail (service == NULL || KASIR_IS_SYNC_SERVICE (service));

  if (self->service == service)
    return;

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_synced, self);
  kasir_selling_park_follow_orders (self->cart_view, self->service, service);
  g_set_object (&self->service, service);
  if (service != NULL)
    g_signal_connect_object (service, "notify::last-sync-time", G_CALLBACK (on_synced), self, 0);
}

/* ---- Discounts above the shop's limit ---- */

static void
on_discount_approved (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(KasirSellingView) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 manager = kasir_approval_request_finish (result, &error);

  /* The view may have been closed while the manager was asked. */
  if (self->cart_view == NULL)
    return;
  kasir_cart_view_finish_discount_approval (self->cart_view, manager >= 0, NULL);
  if (manager < 0 && error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_message (self, error->message);
}

/* The cart holds the discount; a manager's PIN (kasir-approval.c) lets it through. */
static void
on_discount_approval_needed (KasirCartView    *cart_view,
                             int               target,
                             gint64            share_bp,
                             KasirSellingView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *percent = g_strdup_printf ("%" G_GINT64_FORMAT, (share_bp + 50) / 100);
  g_autofree char *detail = NULL;

  if (self->context == NULL)
    {
      kasir_cart_view_finish_discount_approval (cart_view, FALSE, NULL);
      return;
    }
  /* Translators: %s%% is the share of the price the discount takes, such as "35%". */
  detail = g_strdup_printf (_("A discount of %s%% needs a manager. Enter a manager’s PIN to allow it."), percent);
  kasir_approval_request_async (self->context, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                KASIR_APPROVAL_DISCOUNT, detail, NULL,
                                on_discount_approved, g_object_ref (self));
}

/* ---- Checkout ---- */

static void
on_sale_committed (KasirCheckoutDialog *dialog,
                   gpointer             sale,
                   KasirSellingView    *self)
{
  const KasirSale *committed = sale;
  g_autofree char *message = NULL;

  /* The sale's transaction already cleared the saved cart. */
  kasir_cart_view_reset_after_sale (self->cart_view);
  /* Stock went down; the grid shows the new figures. */
  if (self->model != NULL)
    kasir_catalog_model_reload (self->model);
  update_catalog_state (self);

  /* Translators: shown after a sale was saved, with its receipt number. */
  message = g_strdup_printf (_("Sale %s saved"), committed->receipt_no);
  set_message (self, message);
}

static void
on_dialog_destroy (KasirCheckoutDialog *dialog,
                   KasirSellingView    *self)
{
  if (self->dialog == dialog)
    self->dialog = NULL;
  kasir_selling_view_focus_search (self);
}

static void
action_pay (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  KasirSellingView *self = KASIR_SELLING_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return;
    }
  if (self->database == NULL || self->context == NULL ||
      kasir_cart_view_is_empty (self->cart_view))
    {
      set_message (self, _("The cart is empty"));
      gtk_widget_error_bell (widget);
      return;
    }
  if (!kasir_shift_gate_check (self->context, widget))
    return;

  self->dialog = kasir_checkout_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                            kasir_cart_view_get_cart (self->cart_view),
                                            self->context);
  g_signal_connect_object (self->dialog, "sale-committed", G_CALLBACK (on_sale_committed), self, 0);
  g_signal_connect_object (self->dialog, "destroy", G_CALLBACK (on_dialog_destroy), self, 0);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

void
kasir_selling_view_new_sale (KasirSellingView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KASIR_IS_SELLING_VIEW (self));

  if (!kasir_cart_view_clear (self->cart_view, &error))
    set_message (self, error->message);
  else
    set_message (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  kasir_selling_view_focus_search (self);
}

static void
on_new_sale_response (AdwMessageDialog *dialog,
                      const char       *response,
                      KasirSellingView *self)
{
  if (g_strcmp0 (response, "clear") == 0)
    kasir_selling_view_new_sale (self);
}

static void
action_new_sale (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KasirSellingView *self = KASIR_SELLING_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (kasir_cart_view_is_empty (self->cart_view))
    {
      kasir_selling_view_new_sale (self);
      return;
    }

  /* A full cart is the customer's sale in progress; dropping it takes a second look. */
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Start a New Sale?"),
                                   _("The items in the cart will be removed."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Cart"),
                                    "clear", _("_Clear Cart"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_new_sale_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
action_search (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kasir_selling_view_focus_search (KASIR_SELLING_VIEW (widget));
}

static void
action_void_line (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kasir_selling_keys_void_line (KASIR_SELLING_VIEW (widget)->cart_view);
}

static void
action_more (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kasir_selling_keys_change_qty (KASIR_SELLING_VIEW (widget)->cart_view, 1);
}

static void
action_fewer (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kasir_selling_keys_change_qty (KASIR_SELLING_VIEW (widget)->cart_view, -1);
}

/* Hold, Recall, Send, Orders and a line's note (kasir-selling-park.c); what one cannot
 * do is said here. */
static void
action_park (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KasirSellingView *self = KASIR_SELLING_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *message = kasir_selling_park_activate (action_name, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                     self->context, self->cart_view);

  if (message != NULL)
    {
      set_message (self, message);
      gtk_widget_error_bell (widget);
    }
}

static void
action_add_product (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KasirSellingView *self = KASIR_SELLING_VIEW (widget);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  if (self->catalog == NULL)
    return;

  product = kasir_catalog_repository_get_product (self->catalog, g_variant_get_int64 (parameter), &error);
  if (product == NULL || product->archived)
    {
      set_message (self, error != NULL ? error->message : _("That product is no longer sold"));
      return;
    }
  add_product (self, product, NULL);
}

void
kasir_selling_view_focus_search (KasirSellingView *self)
{
  g_return_if_fail (KASIR_IS_SELLING_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

KasirCatalogModel *
kasir_selling_view_get_catalog_model (KasirSellingView *self)
{
  g_return_val_if_fail (KASIR_IS_SELLING_VIEW (self), NULL);

  return self->model;
}

KasirCartView *
kasir_selling_view_get_cart_view (KasirSellingView *self)
{
  g_return_val_if_fail (KASIR_IS_SELLING_VIEW (self), NULL);

  return self->cart_view;
}

GtkEditable *
kasir_selling_view_get_search_entry (KasirSellingView *self)
{
  g_return_val_if_fail (KASIR_IS_SELLING_VIEW (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

GtkGridView *
kasir_selling_view_get_grid_view (KasirSellingView *self)
{
  g_return_val_if_fail (KASIR_IS_SELLING_VIEW (self), NULL);

  return self->grid_view;
}

KasirCheckoutDialog *
kasir_selling_view_get_checkout_dialog (KasirSellingView *self)
{
  g_return_val_if_fail (KASIR_IS_SELLING_VIEW (self), NULL);

  return self->dialog;
}

const char *
kasir_selling_view_get_message (KasirSellingView *self)
{
  g_return_val_if_fail (KASIR_IS_SELLING_VIEW (self), NULL);

  return self->message;
}

/* ---- Class ---- */

static void
kasir_selling_view_dispose (GObject *object)
{
  KasirSellingView *self = KASIR_SELLING_VIEW (object);

  if (self->dialog != NULL)
    {
      KasirCheckoutDialog *dialog = g_steal_pointer (&self->dialog);

      g_signal_handlers_disconnect_by_data (dialog, self);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_SELLING_VIEW);
  g_clear_object (&self->model);
  g_clear_object (&self->catalog);
  g_clear_object (&self->database);
  g_clear_object (&self->context);
  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_synced, self);
  g_clear_object (&self->service);
  g_clear_object (&self->settings);
  g_clear_object (&self->scanner);

  G_OBJECT_CLASS (kasir_selling_view_parent_class)->dispose (object);
}

static void
kasir_selling_view_finalize (GObject *object)
{
  KasirSellingView *self = KASIR_SELLING_VIEW (object);

  g_clear_pointer (&self->category_ids, g_array_unref);
  g_free (self->currency);
  g_free (self->message);

  G_OBJECT_CLASS (kasir_selling_view_parent_class)->finalize (object);
}

static void
kasir_selling_view_class_init (KasirSellingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_selling_view_dispose;
  object_class->finalize = kasir_selling_view_finalize;
  widget_class->root = kasir_selling_view_root;
  widget_class->unroot = kasir_selling_view_unroot;

  g_type_ensure (KASIR_TYPE_CART_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sellingview");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-selling-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirSellingView, paned);
  gtk_widget_class_bind_template_child (widget_class, KasirSellingView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KasirSellingView, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KasirSellingView, message_label);
  gtk_widget_class_bind_template_child (widget_class, KasirSellingView, catalog_stack);
  gtk_widget_class_bind_template_child (widget_class, KasirSellingView, grid_view);
  gtk_widget_class_bind_template_child (widget_class, KasirSellingView, cart_view);
  gtk_widget_class_bind_template_child (widget_class, KasirSellingView, cart_column);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_category_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_activate);

  gtk_widget_class_install_action (widget_class, "sell.search", NULL, action_search);
  gtk_widget_class_install_action (widget_class, "sell.pay", NULL, action_pay);
  gtk_widget_class_install_action (widget_class, "sell.new-sale", NULL, action_new_sale);
  gtk_widget_class_install_action (widget_class, "sell.hold", NULL, action_park);
  gtk_widget_class_install_action (widget_class, "sell.recall", NULL, action_park);
  gtk_widget_class_install_action (widget_class, "sell.send-order", NULL, action_park);
  gtk_widget_class_install_action (widget_class, "sell.open-orders", NULL, action_park);
  gtk_widget_class_install_action (widget_class, "sell.line-note", NULL, action_park);
  gtk_widget_class_install_action (widget_class, "sell.void-line", NULL, action_void_line);
  gtk_widget_class_install_action (widget_class, "sell.add-product", "x", action_add_product);
  gtk_widget_class_install_action (widget_class, "sell.more", NULL, action_more);
  gtk_widget_class_install_action (widget_class, "sell.fewer", NULL, action_fewer);
  gtk_widget_class_install_action (widget_class, "sell.customer", NULL, action_customer);
}

/* The till's keys work wherever the focus is in the window: the table's selling keys
 * are global shortcuts of the view rather than bindings that need the focus inside it. */
static void
add_shortcuts (KasirSellingView *self)
{
  gtk_widget_add_controller (GTK_WIDGET (self), kasir_shortcuts_controller_new (KASIR_SHORTCUT_SELLING));
}

/* The selling view's styles live beside it rather than in the application style sheet,
 * so the view looks right in any window that shows it. Loaded once per display. */
static void
ensure_style (GtkWidget *widget)
{
  static GdkDisplay *styled_display;
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || display == styled_display)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE "/kasir-selling.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  styled_display = display;
}

static void
kasir_selling_view_init (KasirSellingView *self)
{
  GtkListItemFactory *factory;

  ensure_style (GTK_WIDGET (self));
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::show-stock-on-tiles",
                           G_CALLBACK (on_show_stock_changed), self, 0);
  self->currency = g_strdup (KASIR_DEFAULT_CURRENCY);
  g_signal_connect_object (self->cart_view, "discount-approval-needed",
                           G_CALLBACK (on_discount_approval_needed), self, 0);
  self->scanner = kasir_scanner_new ();
  g_signal_connect_object (self->scanner, "scanned", G_CALLBACK (on_scanned), self, 0);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind), self);
  gtk_grid_view_set_factory (self->grid_view, factory);
  g_object_unref (factory);

  add_shortcuts (self);
  update_catalog_state (self);
}

GtkWidget *
kasir_selling_view_new (void)
{
  return g_object_new (KASIR_TYPE_SELLING_VIEW, NULL);
}

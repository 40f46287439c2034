/* kasir-products-window.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-catalog-admin-repository.h"
#include "kasir-catalog-import-dialog.h"
#include "kasir-categories-dialog.h"
#include "kasir-product-editor.h"
#include "kasir-products-window.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-ui-money.h"

/* A page lists at most this many products; a search narrows it. */
#define LIST_LIMIT 500
/* The low-stock list reads at most this many low products, lowest first, before the
 * category and the search narrow them. */
#define LOW_READ_LIMIT 5000

struct _KasirProductsWindow
{
  KasirTillDialog              parent_instance;

  KasirCatalogAdminRepository *admin;
  char                        *currency;
  gint64                       staff_id;
  gint64                       low_default;
  GArray                      *row_ids;      /* gint64, the product of each row */
  GArray                      *category_ids; /* gint64, of each dropdown entry; 0: all */
  GHashTable                  *waiting;      /* gint64 ids whose change waits for the server */
  gboolean                     loading;

  GtkSearchEntry              *search_entry;
  GtkDropDown                 *category_dropdown;
  GtkToggleButton             *archived_toggle;
  GtkToggleButton             *low_toggle;
  GtkLabel                    *summary_label;
  GtkListBox                  *list;
};

G_DEFINE_FINAL_TYPE (KasirProductsWindow, kasir_products_window, KASIR_TYPE_TILL_DIALOG)

static gboolean
is_low (KasirProductsWindow    *self,
        const KasirCatalogItem *item)
{
  gint64 threshold = item->low_stock >= 0 ? item->low_stock : self->low_default;

  return item->track_stock && !item->product->archived && item->stock <= threshold;
}

static gboolean
is_waiting (KasirProductsWindow *self,
            gint64               product_id)
{
  return product_id < 0 || (self->waiting != NULL && g_hash_table_contains (self->waiting, &product_id));
}

static GtkWidget *
make_row (KasirProductsWindow    *self,
          const KasirCatalogItem *item)
{
  const KasirProduct *p = item->product;
  g_autofree char *price = kasir_ui_money_format (p->price, self->currency);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (item->track_stock)
    /* TRANSLATORS: "SKU KS-01 · 8991234567890 · Rp 18.000 · 12 pcs in stock". */
    subtitle = g_strdup_printf (_("SKU %s · %s · %s · %" PRId64 " %s in stock"),
                                p->sku, p->barcode != NULL ? p->barcode : _("no barcode"),
                                price, item->stock, item->unit);
  else
    subtitle = g_strdup_printf (_("SKU %s · %s · %s · stock not counted"),
                                p->sku, p->barcode != NULL ? p->barcode : _("no barcode"), price);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (is_low (self, item))
    {
      GtkWidget *badge = gtk_label_new (_("Low stock"));

      gtk_widget_add_css_class (badge, "warning");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }
  if (is_waiting (self, p->id))
    {
      /* A new product, or a change, that the server does not have yet. */
      GtkWidget *badge = gtk_label_new (p->id < 0 ? _("New · waiting for the server")
                                                  : _("Changed · waiting for the server"));

      gtk_widget_add_css_class (badge, "dim-label");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  return row;
}

/* TRUE when @text (casefolded) is in @field's casefolded form. */
static gboolean
contains (const char *field,
          const char *text)
{
  g_autofree char *folded = field != NULL ? g_utf8_casefold (field, -1) : NULL;

  return folded != NULL && strstr (folded, text) != NULL;
}

/* The low products, lowest first, in @category_id (0: any) whose name or SKU holds
 * @text; at most LIST_LIMIT. */
static GPtrArray *
list_low (KasirProductsWindow  *self,
          const char           *text,
          gint64                category_id,
          GError              **error)
{
  g_autoptr(GPtrArray) low = kasir_catalog_admin_repository_list_low_stock (self->admin, self->low_default,
                                                                             LOW_READ_LIMIT, error);
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *folded = g_utf8_casefold (stripped, -1);
  GPtrArray *items;

  if (low == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_catalog_item_free);
  for (guint i = 0; i < low->len && items->len < LIST_LIMIT; i++)
    {
      KasirCatalogItem *item = low->pdata[i];

      if ((category_id != 0 && item->product->category_id != category_id) ||
          (*folded != '\0' && !contains (item->product->name, folded) && !contains (item->product->sku, folded)))
        continue;
      g_ptr_array_add (items, g_steal_pointer (&low->pdata[i]));
    }
  return items;
}

static void
reload (KasirProductsWindow *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint selected = gtk_drop_down_get_selected (self->category_dropdown);
  gint64 category_id = selected < self->category_ids->len
                       ? g_array_index (self->category_ids, gint64, selected) : 0;
  GtkWidget *child;

  if (self->loading)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_array_set_size (self->row_ids, 0);

  if (gtk_toggle_button_get_active (self->low_toggle))
    items = list_low (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), category_id, &error);
  else
    items = kasir_catalog_admin_repository_list_products (self->admin,
                                                          gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                                          category_id,
                                                          gtk_toggle_button_get_active (self->archived_toggle),
                                                          LIST_LIMIT, &error);
  if (items == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  g_clear_pointer (&self->waiting, g_hash_table_unref);
  self->waiting = kasir_catalog_admin_repository_list_waiting (self->admin, NULL);
  for (guint i = 0; i < items->len; i++)
    {
      KasirCatalogItem *item = items->pdata[i];

      g_array_append_val (self->row_ids, item->product->id);
      gtk_list_box_append (self->list, make_row (self, item));
    }
  if (items->len >= LIST_LIMIT)
    summary = g_strdup_printf (_("The first %u products; type to narrow the list"), items->len);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u product", "%u products", items->len),
                               items->len);
  gtk_label_set_text (self->summary_label, summary);
}

static void
load_categories (KasirProductsWindow *self)
{
  g_autoptr(GPtrArray) categories = kasir_catalog_admin_repository_list_categories (self->admin, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 all = 0;

  self->loading = TRUE;
  g_array_set_size (self->category_ids, 0);
  gtk_string_list_append (names, _("All categories"));
  g_array_append_val (self->category_ids, all);
  for (guint i = 0; categories != NULL && i < categories->len; i++)
    {
      KasirCategory *c = categories->pdata[i];

      if (c->archived)
        continue;
      gtk_string_list_append (names, c->name);
      g_array_append_val (self->category_ids, c->id);
    }
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  self->loading = FALSE;
}

static void
on_filter_changed (KasirProductsWindow *self)
{
  reload (self);
}

void
kasir_products_window_filter (KasirProductsWindow *self,
                              const char          *text,
                              gint64               category_id,
                              gboolean             archived)
{
  guint selected = 0;

  g_return_if_fail (KASIR_IS_PRODUCTS_WINDOW (self));

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  for (guint i = 0; i < self->category_ids->len; i++)
    if (g_array_index (self->category_ids, gint64, i) == category_id)
      selected = i;
  gtk_drop_down_set_selected (self->category_dropdown, selected);
  gtk_toggle_button_set_active (self->archived_toggle, archived);
  self->loading = FALSE;
  reload (self);
}

void
kasir_products_window_set_low_only (KasirProductsWindow *self,
                                    gboolean             low_only)
{
  g_return_if_fail (KASIR_IS_PRODUCTS_WINDOW (self));

  if (gtk_toggle_button_get_active (self->low_toggle) == low_only)
    return;
  /* Toggling lists again (on_filter_changed). */
  gtk_toggle_button_set_active (self->low_toggle, low_only);
}

guint
kasir_products_window_get_n_rows (KasirProductsWindow *self)
{
  g_return_val_if_fail (KASIR_IS_PRODUCTS_WINDOW (self), 0);

  return self->row_ids->len;
}

gboolean
kasir_products_window_get_row_waiting (KasirProductsWindow *self,
                                       guint                index)
{
  g_return_val_if_fail (KASIR_IS_PRODUCTS_WINDOW (self), FALSE);
  g_return_val_if_fail (index < self->row_ids->len, FALSE);

  return is_waiting (self, g_array_index (self->row_ids, gint64, index));
}

gint64
kasir_products_window_get_row_id (KasirProductsWindow *self,
                                  guint                index)
{
  g_return_val_if_fail (KASIR_IS_PRODUCTS_WINDOW (self), 0);
  g_return_val_if_fail (index < self->row_ids->len, 0);

  return g_array_index (self->row_ids, gint64, index);
}

static void
on_saved (KasirProductsWindow *self)
{
  reload (self);
}

GtkWindow *
kasir_products_window_open_editor (KasirProductsWindow *self,
                                   gint64               product_id)
{
  g_autoptr(GError) error = NULL;
  KasirProductEditor *editor;

  g_return_val_if_fail (KASIR_IS_PRODUCTS_WINDOW (self), NULL);

  editor = kasir_product_editor_new (GTK_WINDOW (self),
                                     kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self)),
                                     self->staff_id, product_id, &error);
  if (editor == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      return NULL;
    }
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));

  return GTK_WINDOW (editor);
}

static void
on_row_activated (KasirProductsWindow *self,
                  GtkListBoxRow       *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0 && (guint) index < self->row_ids->len)
    kasir_products_window_open_editor (self, g_array_index (self->row_ids, gint64, index));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  kasir_products_window_open_editor (KASIR_PRODUCTS_WINDOW (widget), 0);
}

static void
on_categories_closed (KasirProductsWindow *self)
{
  load_categories (self);
  reload (self);
}

static void
categories_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KasirProductsWindow *self = KASIR_PRODUCTS_WINDOW (widget);
  KasirCategoriesDialog *dialog;

  dialog = kasir_categories_dialog_new (GTK_WINDOW (self),
                                        kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self)),
                                        self->staff_id);
  g_signal_connect_object (dialog, "close-request", G_CALLBACK (on_categories_closed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_imported (KasirProductsWindow *self)
{
  load_categories (self);
  reload (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KasirProductsWindow *self = KASIR_PRODUCTS_WINDOW (widget);
  KasirCatalogImportDialog *dialog;

  dialog = kasir_catalog_import_dialog_new (GTK_WINDOW (self),
                                            kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self)),
                                            self->staff_id);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_imported), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
kasir_products_window_export (KasirProductsWindow  *self,
                              GFile                *file,
                              GError              **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (KASIR_IS_PRODUCTS_WINDOW (self), FALSE);

  csv = kasir_catalog_admin_repository_export_csv (self->admin, error);
  return csv != NULL && g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE,
                                                 G_FILE_CREATE_NONE, NULL, NULL, error);
}

static void
on_export_chosen (GtkNativeDialog     *chooser,
                  int                  response,
                  KasirProductsWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      !kasir_products_window_export (self, file, &error))
    gtk_label_set_text (self->summary_label, error->message);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Products"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "products.csv");
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_chosen), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

KasirProductsWindow *
kasir_products_window_new (GtkWindow        *parent,
                           KasirTillContext *context,
                           gint64            manager_staff_id)
{
  g_autoptr(KasirSettingsRepository) settings = NULL;
  KasirProductsWindow *self;
  KasirDatabase *db;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  db = kasir_till_context_get_database (context);
  self = g_object_new (KASIR_TYPE_PRODUCTS_WINDOW,
                       "transient-for", parent,
                       "context", context,
                       NULL);
  self->currency = g_strdup (kasir_till_context_get_currency (context));
  self->staff_id = manager_staff_id;
  self->admin = kasir_catalog_admin_repository_new (db);
  settings = kasir_settings_repository_new (db);
  if (!kasir_settings_repository_get_int64 (settings, KASIR_SETTING_LOW_STOCK_DEFAULT,
                                            KASIR_LOW_STOCK_DEFAULT_UNITS, &self->low_default, NULL))
    self->low_default = KASIR_LOW_STOCK_DEFAULT_UNITS;
  load_categories (self);
  reload (self);

  return self;
}

static void
kasir_products_window_dispose (GObject *object)
{
  KasirProductsWindow *self = KASIR_PRODUCTS_WINDOW (object);

  g_clear_object (&self->admin);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_PRODUCTS_WINDOW);

  G_OBJECT_CLASS (kasir_products_window_parent_class)->dispose (object);
}

static void
kasir_products_window_finalize (GObject *object)
{
  KasirProductsWindow *self = KASIR_PRODUCTS_WINDOW (object);

  g_free (self->currency);
  g_clear_pointer (&self->row_ids, g_array_unref);
  g_clear_pointer (&self->category_ids, g_array_unref);
  g_clear_pointer (&self->waiting, g_hash_table_unref);

  G_OBJECT_CLASS (kasir_products_window_parent_class)->finalize (object);
}

static void
kasir_products_window_class_init (KasirProductsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_products_window_dispose;
  object_class->finalize = kasir_products_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-products-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirProductsWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KasirProductsWindow, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KasirProductsWindow, archived_toggle);
  gtk_widget_class_bind_template_child (widget_class, KasirProductsWindow, low_toggle);
  gtk_widget_class_bind_template_child (widget_class, KasirProductsWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KasirProductsWindow, list);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "products.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "products.categories", NULL, categories_action);
  gtk_widget_class_install_action (widget_class, "products.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "products.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "products.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_products_window_init (KasirProductsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->row_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->category_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

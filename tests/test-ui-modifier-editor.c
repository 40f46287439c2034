/* test-ui-modifier-editor.c — the product editor's "Modifiers" section on the real
 * widgets and a real database: a manager adds groups (single and required; multiple with
 * at most two, prices typed as the shop writes them), moves one up, removes one, and the
 * save keeps them in that order with their prices; bad input is refused in the group's
 * dialog with the reason and saves nothing; Escape leaves a group as it was; every
 * button of a group's row is named for a screen reader; a product not saved yet offers
 * no modifiers. With $KASIR_SCREENSHOT_DIR the group dialog is saved as
 * modifier-editor.png.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "kasir-catalog-admin-repository.h"
#include "kasir-input-error.h"
#include "kasir-modifier.h"
#include "kasir-modifier-group-dialog.h"
#include "kasir-modifier-group-editor.h"
#include "kasir-modifier-repository.h"
#include "kasir-product-editor.h"
#include "store-test-util.h"
#include "ui-test-util.h"

#define GROUP(gs, i) ((KasirModifierGroup *) (gs)->pdata[i])
#define OPTION(g, i) ((KasirModifierOption *) (g)->options->pdata[i])

typedef struct
{
  char          *dir;
  KasirDatabase *db;
  gint64         product_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KasirCatalogAdminRepository) admin = NULL;
  g_autoptr(KasirCatalogItem) item = kasir_catalog_item_new ();
  g_autofree char *path = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  g_autoptr(GError) error = NULL;

  f->dir = store_test_tmp_dir ();
  path = g_build_filename (f->dir, "kasir.db", NULL);
  store_test_random_key (key);
  f->db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  admin = kasir_catalog_admin_repository_new (f->db);
  item->product->name = g_strdup ("Kopi Susu Gula Aren");
  item->product->sku = g_strdup ("KOPI-001");
  item->product->price = 22000;
  item->product->tax_rate_bp = 1100;
  f->product_id = kasir_catalog_admin_repository_save_product (admin, item, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->product_id, >, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->db);
  store_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  gint64 n = -1;

  g_assert_true (kasir_database_query_int64 (f->db, sql, &n, NULL));
  return n;
}

static GtkWidget *
find_list (GtkWidget *widget)
{
  /* The section's list of groups, not the group's own (empty) list of rows. */
  if (GTK_IS_LIST_BOX (widget) && ADW_IS_ACTION_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (widget), 0)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Row @index of the section's list of groups. */
static GtkWidget *
group_row (KasirModifierGroupEditor *section,
           guint                     index)
{
  GtkWidget *list = find_list (GTK_WIDGET (section));
  GtkWidget *row;

  g_assert_nonnull (list);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) index));
  g_assert_nonnull (row);
  return row;
}

static void
save_screenshot_of (GtkWidget *widget)
{
  if (g_getenv ("KASIR_SCREENSHOT_DIR") != NULL)
    g_object_unref (kasir_test_render (widget, "modifier-editor.png"));
}

/* Every button under @widget has a tooltip naming what it does (icon buttons carry the
 * same text as their accessible label). */
static guint
count_named_buttons (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_BUTTON (widget))
    {
      g_assert_nonnull (gtk_widget_get_tooltip_text (widget));
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_named_buttons (child);
  return n;
}

static void
add_sugar (KasirModifierGroupEditor *section)
{
  KasirModifierGroupDialog *dialog = kasir_modifier_group_editor_edit (section, G_MAXUINT);
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  kasir_modifier_group_dialog_fill (dialog, "Sugar", FALSE, TRUE, NULL, NULL);
  kasir_modifier_group_dialog_add_option (dialog, "Normal", "");
  kasir_modifier_group_dialog_add_option (dialog, "Less sugar", "");
  kasir_modifier_group_dialog_add_option (dialog, "No sugar", "0");
  kasir_modifier_group_dialog_accept (dialog, &error);
  g_assert_no_error (error);
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  g_autoptr(KasirModifierRepository) modifiers = kasir_modifier_repository_new (f->db);
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GError) error = NULL;
  KasirProductEditor *editor;
  KasirModifierGroupEditor *section;
  KasirModifierGroupDialog *dialog;
  GPtrArray *groups;

  editor = kasir_product_editor_new (NULL, context, 1, f->product_id, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (editor));
  section = kasir_product_editor_get_modifier_editor (editor);
  g_assert_cmpuint (kasir_modifier_group_editor_get_groups (section)->len, ==, 0);

  add_sugar (section);
  kasir_test_settle (50);

  /* Add-ons: bad input first, each refused in the dialog with its reason. */
  dialog = kasir_modifier_group_editor_edit (section, G_MAXUINT);
  gtk_window_present (GTK_WINDOW (dialog));
  kasir_modifier_group_dialog_fill (dialog, "", TRUE, FALSE, NULL, "2");
  kasir_modifier_group_dialog_add_option (dialog, "Extra shot", "5000");
  g_assert_false (kasir_modifier_group_dialog_accept (dialog, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_assert_nonnull (strstr (kasir_modifier_group_dialog_get_message (dialog), "name"));
  g_clear_error (&error);
  kasir_modifier_group_dialog_fill (dialog, "Add-ons", TRUE, FALSE, NULL, "two");
  g_assert_false (kasir_modifier_group_dialog_accept (dialog, &error));
  g_assert_nonnull (strstr (kasir_modifier_group_dialog_get_message (dialog), "at most"));
  g_clear_error (&error);
  kasir_modifier_group_dialog_fill (dialog, NULL, TRUE, FALSE, NULL, "2");
  kasir_modifier_group_dialog_add_option (dialog, "Hazelnut syrup", "4x");
  g_assert_false (kasir_modifier_group_dialog_accept (dialog, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "option 2"));
  g_clear_error (&error);
  kasir_modifier_group_dialog_remove_option (dialog, 1);
  kasir_modifier_group_dialog_add_option (dialog, "Hazelnut syrup", "4rb");
  kasir_modifier_group_dialog_add_option (dialog, "", "1000");
  g_assert_false (kasir_modifier_group_dialog_accept (dialog, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  kasir_modifier_group_dialog_remove_option (dialog, 2);
  /* Required, at least three of two options: more than it allows. */
  kasir_modifier_group_dialog_fill (dialog, NULL, TRUE, TRUE, "3", "2");
  g_assert_false (kasir_modifier_group_dialog_accept (dialog, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_cmpuint (kasir_modifier_group_editor_get_groups (section)->len, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM modifier_groups"), ==, 0);

  /* Right: optional, at most two, the options in the order typed (moved once). */
  kasir_modifier_group_dialog_fill (dialog, NULL, TRUE, FALSE, "", "2");
  kasir_modifier_group_dialog_move_option (dialog, 1, -1);
  kasir_modifier_group_dialog_move_option (dialog, 0, -1);   /* already first */
  kasir_modifier_group_dialog_move_option (dialog, 0, 1);
  g_assert_cmpuint (kasir_modifier_group_dialog_get_n_options (dialog), ==, 2);
  kasir_test_settle (200);
  save_screenshot_of (GTK_WIDGET (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "group.accept", NULL));
  kasir_test_settle (50);
  groups = kasir_modifier_group_editor_get_groups (section);
  g_assert_cmpuint (groups->len, ==, 2);
  g_assert_cmpstr (GROUP (groups, 1)->name, ==, "Add-ons");
  g_assert_true (GROUP (groups, 1)->multiple);
  g_assert_cmpuint (GROUP (groups, 1)->min, ==, 0);
  g_assert_cmpuint (GROUP (groups, 1)->max, ==, 2);
  g_assert_cmpint (OPTION (GROUP (groups, 1), 0)->price, ==, 5000);
  g_assert_cmpint (OPTION (GROUP (groups, 1), 1)->price, ==, 4000);

  /* Escape leaves a group as it was. */
  dialog = kasir_modifier_group_editor_edit (section, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  kasir_modifier_group_dialog_fill (dialog, "Gula", FALSE, FALSE, NULL, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  kasir_test_settle (50);
  g_assert_cmpstr (GROUP (kasir_modifier_group_editor_get_groups (section), 0)->name, ==, "Sugar");

  /* A third group, removed again; Add-ons moved first. Each row's buttons are named. */
  add_sugar (section);
  kasir_test_settle (50);
  g_assert_cmpuint (kasir_modifier_group_editor_get_groups (section)->len, ==, 3);
  g_assert_cmpuint (count_named_buttons (group_row (section, 2)), ==, 4);
  kasir_modifier_group_editor_remove (section, 2);
  kasir_modifier_group_editor_move (section, 1, -1);
  kasir_test_settle (50);
  g_assert_cmpint (count (f, "SELECT count(*) FROM modifier_groups"), ==, 0);

  /* Saving the product saves its groups, in that order, with their prices. */
  g_assert_cmpint (kasir_product_editor_save (editor, &error), ==, f->product_id);
  g_assert_no_error (error);
  saved = kasir_modifier_repository_load_groups (modifiers, f->product_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, 2);
  g_assert_cmpstr (GROUP (saved, 0)->name, ==, "Add-ons");
  g_assert_cmpstr (OPTION (GROUP (saved, 0), 0)->name, ==, "Extra shot");
  g_assert_cmpint (OPTION (GROUP (saved, 0), 0)->price, ==, 5000);
  g_assert_cmpint (OPTION (GROUP (saved, 0), 1)->price, ==, 4000);
  g_assert_cmpstr (GROUP (saved, 1)->name, ==, "Sugar");
  g_assert_cmpuint (GROUP (saved, 1)->min, ==, 1);
  g_assert_cmpuint (GROUP (saved, 1)->options->len, ==, 3);
  g_assert_true (kasir_modifier_groups_check_ids (f->product_id, saved, &error));
  g_assert_no_error (error);
  g_assert_false (kasir_modifier_group_editor_get_changed (section));

  gtk_window_destroy (GTK_WINDOW (editor));
  kasir_test_settle (50);
}

static void
test_new_product (Fixture       *f,
                  gconstpointer  data)
{
  KasirTillContext *context = kasir_test_context (f->db, NULL, NULL);
  g_autoptr(GError) error = NULL;
  KasirProductEditor *editor;
  KasirModifierGroupEditor *section;

  /* A product not saved yet has no modifiers to edit: the section says so. */
  editor = kasir_product_editor_new (NULL, context, 1, 0, &error);
  g_assert_no_error (error);
  section = kasir_product_editor_get_modifier_editor (editor);
  g_assert_cmpuint (kasir_modifier_group_editor_get_groups (section)->len, ==, 0);
  g_assert_false (kasir_modifier_group_editor_get_changed (section));
  gtk_window_destroy (GTK_WINDOW (editor));
  kasir_test_settle (50);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/Kasir/UI/ModifierEditor/edit", Fixture, NULL, fixture_set_up, test_edit,
              fixture_tear_down);
  g_test_add ("/Kasir/UI/ModifierEditor/new-product", Fixture, NULL, fixture_set_up, test_new_product,
              fixture_tear_down);

  return g_test_run ();
}

/* kasir-selling-keys.c — the selling screen's keys: quantities, + / − / Delete, Tab.
 *
 * A cashier keeps one hand on the scanner and one on the keys. A quantity is typed
 * before the product ("3" then a scan, or "3*" as on most tills), + and − change the
 * selected line and Delete voids it from anywhere but a text being edited, and the
 * product grid is one Tab stop (its arrows move inside it), so Tab never walks through
 * thousands of tiles.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-selling-keys.h"
#include "kasir-cart-view.h"

/* As the cart view's own limit on one line. */
#define MAX_TYPED_QTY 100000

static gint64
digits_value (const char *p,
              const char *end)
{
  gint64 value = 0;

  if (p == end || end - p > 6)
    return 0;
  for (; p < end; p++)
    {
      if (!g_ascii_isdigit (*p))
        return 0;
      value = value * 10 + (*p - '0');
    }

  return value >= 1 && value <= MAX_TYPED_QTY ? value : 0;
}

gint64
kasir_selling_keys_quantity (const char *text)
{
  g_autofree char *copy = NULL;
  gsize len;

  if (text == NULL)
    return 0;
  copy = g_strstrip (g_strdup (text));
  len = strlen (copy);
  if (len > 0 && (copy[len - 1] == '*' || copy[len - 1] == 'x' || copy[len - 1] == 'X'))
    len--;

  return digits_value (copy, copy + len);
}

gboolean
kasir_selling_keys_split_quantity (const char  *text,
                                   gint64      *out_qty,
                                   const char **out_code)
{
  const char *star;
  const char *code;
  gint64 qty;

  g_return_val_if_fail (text != NULL, FALSE);

  while (g_ascii_isspace (*text))
    text++;
  star = strchr (text, '*');
  if (star == NULL)
    return FALSE;
  qty = digits_value (text, star);
  code = star + 1;
  while (g_ascii_isspace (*code))
    code++;
  if (qty == 0 || *code == '\0')
    return FALSE;

  *out_qty = qty;
  *out_code = code;
  return TRUE;
}

static gboolean
editing_text (GtkWidget *focus)
{
  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus) ||
                           gtk_widget_get_ancestor (focus, GTK_TYPE_TEXT) != NULL ||
                           GTK_IS_TEXT_VIEW (focus));
}

/* The search field with nothing in it is no text being edited: the line keys work
 * there too, which is where the cursor waits between scans. */
static gboolean
in_empty_search (const KasirSellingKeysTargets *targets,
                 GtkWidget                     *focus)
{
  GtkWidget *search = GTK_WIDGET (targets->search);

  return focus != NULL && (focus == search || gtk_widget_is_ancestor (focus, search)) &&
         gtk_editable_get_text (GTK_EDITABLE (search))[0] == '\0';
}

/* The line the keys act on: the selected one or, with nothing selected, the last one
 * added; -1 with no line. */
static int
target_line (KasirCartView *cart_view)
{
  int index = kasir_cart_view_get_selected_line (cart_view);

  return index >= 0 ? index : (int) kasir_cart_view_get_cart (cart_view)->lines->len - 1;
}

gboolean
kasir_selling_keys_void_line (KasirCartView *cart_view)
{
  int index;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (cart_view), FALSE);

  index = target_line (cart_view);
  return index >= 0 && kasir_cart_view_remove_line (cart_view, (guint) index, NULL);
}

gboolean
kasir_selling_keys_change_qty (KasirCartView *cart_view,
                               gint64         delta)
{
  const KasirCart *cart;
  int index;
  const KasirCartLine *line;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (cart_view), FALSE);

  cart = kasir_cart_view_get_cart (cart_view);
  index = target_line (cart_view);
  if (index < 0)
    return FALSE;

  line = g_ptr_array_index (cart->lines, index);
  /* Minus on a line of one leaves it at one: voiding takes Delete, on purpose. */
  if (line->qty + delta < 1)
    {
      gtk_widget_error_bell (GTK_WIDGET (cart_view));
      return TRUE;
    }
  if (kasir_cart_view_set_line_qty (cart_view, (guint) index, line->qty + delta, NULL))
    kasir_cart_view_select_line (cart_view, index);

  return TRUE;
}

gboolean
kasir_selling_keys_press (const KasirSellingKeysTargets *targets,
                          guint                          keyval,
                          GdkModifierType                state)
{
  GtkWidget *view;
  GtkRoot *root;
  GtkWidget *focus;
  GtkWidget *grid;
  gboolean line_keys;

  g_return_val_if_fail (targets != NULL && GTK_IS_WIDGET (targets->view), FALSE);

  /* Shift is how + is typed on many keyboards; Control or Alt make another key. */
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;

  view = targets->view;
  root = gtk_widget_get_root (view);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  grid = targets->grid;

  /* The grid is one stop: Tab leaves it for the cart, Shift+Tab for the search. */
  if (focus != NULL && (focus == grid || gtk_widget_is_ancestor (focus, grid)))
    {
      if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
        return gtk_widget_child_focus (GTK_WIDGET (targets->cart_view), GTK_DIR_TAB_FORWARD);
      if (keyval == GDK_KEY_ISO_Left_Tab)
        return gtk_widget_activate_action (view, "sell.search", NULL);
    }

  line_keys = !editing_text (focus) || in_empty_search (targets, focus) ||
              keyval == GDK_KEY_KP_Add || keyval == GDK_KEY_KP_Subtract;
  if (!line_keys)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_KP_Add:
      return gtk_widget_activate_action (view, "sell.more", NULL);
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      return gtk_widget_activate_action (view, "sell.fewer", NULL);
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if ((state & GDK_SHIFT_MASK) != 0)
        return FALSE;
      return gtk_widget_activate_action (view, "sell.void-line", NULL);
    default:
      return FALSE;
    }
}

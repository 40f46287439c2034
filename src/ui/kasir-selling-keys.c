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
#include "kasir-selling-view.h"

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
in_empty_search (KasirSellingView *view,
                 GtkWidget        *focus)
{
  GtkWidget *search = GTK_WIDGET (kasir_selling_view_get_search_entry (view));

  return focus != NULL && (focus == search || gtk_widget_is_ancestor (focus, search)) &&
         gtk_editable_get_text (GTK_EDITABLE (search))[0] == '\0';
}

gboolean
kasir_selling_keys_change_qty (KasirSellingView *view,
                               gint64            delta)
{
  KasirCartView *cart_view = kasir_selling_view_get_cart_view (view);
  const KasirCart *cart = kasir_cart_view_get_cart (cart_view);
  int index = kasir_cart_view_get_selected_line (cart_view);
  const KasirCartLine *line;

  /* With nothing selected, the keys act on the last line added. */
  if (index < 0)
    index = (int) cart->lines->len - 1;
  if (index < 0)
    return FALSE;

  line = g_ptr_array_index (cart->lines, index);
  /* Minus on a line of one leaves it at one: voiding takes Delete, on purpose. */
  if (line->qty + delta < 1)
    {
      gtk_widget_error_bell (GTK_WIDGET (view));
      return TRUE;
    }
  if (kasir_cart_view_set_line_qty (cart_view, (guint) index, line->qty + delta, NULL))
    kasir_cart_view_select_line (cart_view, index);

  return TRUE;
}

gboolean
kasir_selling_keys_press (KasirSellingView *view,
                          guint             keyval,
                          GdkModifierType   state)
{
  GtkRoot *root;
  GtkWidget *focus;
  GtkWidget *grid;
  gboolean line_keys;

  g_return_val_if_fail (KASIR_IS_SELLING_VIEW (view), FALSE);

  /* Shift is how + is typed on many keyboards; Control or Alt make another key. */
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;

  root = gtk_widget_get_root (GTK_WIDGET (view));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  grid = GTK_WIDGET (kasir_selling_view_get_grid_view (view));

  /* The grid is one stop: Tab leaves it for the cart, Shift+Tab for the search. */
  if (focus != NULL && (focus == grid || gtk_widget_is_ancestor (focus, grid)))
    {
      if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
        return gtk_widget_child_focus (GTK_WIDGET (kasir_selling_view_get_cart_view (view)),
                                       GTK_DIR_TAB_FORWARD);
      if (keyval == GDK_KEY_ISO_Left_Tab)
        {
          kasir_selling_view_focus_search (view);
          return TRUE;
        }
    }

  line_keys = !editing_text (focus) || in_empty_search (view, focus) ||
              keyval == GDK_KEY_KP_Add || keyval == GDK_KEY_KP_Subtract;
  if (!line_keys)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_KP_Add:
      return gtk_widget_activate_action (GTK_WIDGET (view), "sell.more", NULL);
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      return gtk_widget_activate_action (GTK_WIDGET (view), "sell.fewer", NULL);
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if ((state & GDK_SHIFT_MASK) != 0)
        return FALSE;
      return gtk_widget_activate_action (GTK_WIDGET (view), "sell.void-line", NULL);
    default:
      return FALSE;
    }
}

/* kasir-checkout-points.c — see kasir-checkout-points.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-checkout-points.h"
#include "kasir-customer-repository.h"
#include "kasir-input-error.h"
#include "kasir-loyalty.h"
#include "kasir-settings-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-ui-money.h"

void
kasir_checkout_points_rule (KasirTillContext *context,
                            KasirLoyaltyRule *rule)
{
  g_autoptr(KasirSettingsRepository) settings = NULL;

  rule->earn_per_minor = 0;
  rule->point_value_minor = 0;
  if (context == NULL || kasir_till_context_get_database (context) == NULL)
    return;
  settings = kasir_settings_repository_new (kasir_till_context_get_database (context));
  /* A rule that cannot be read earns and is worth nothing, as when it is absent. */
  if (!kasir_settings_repository_get_int64 (settings, KASIR_SETTING_LOYALTY_EARN_PER, 0,
                                            &rule->earn_per_minor, NULL))
    rule->earn_per_minor = 0;
  if (!kasir_settings_repository_get_int64 (settings, KASIR_SETTING_LOYALTY_POINT_VALUE, 0,
                                            &rule->point_value_minor, NULL))
    rule->point_value_minor = 0;
}

KasirCustomer *
kasir_checkout_points_member (KasirTillContext *context,
                              const KasirCart  *cart)
{
  g_autoptr(KasirCustomerRepository) repo = NULL;

  if (context == NULL || cart == NULL || cart->customer_id == 0 ||
      kasir_till_context_get_database (context) == NULL)
    return NULL;
  repo = kasir_customer_repository_new (kasir_till_context_get_database (context));
  return kasir_customer_repository_get (repo, cart->customer_id, NULL);
}

gboolean
kasir_checkout_points_offered (KasirTillContext *context,
                               const KasirCart  *cart)
{
  g_autoptr(KasirCustomer) member = kasir_checkout_points_member (context, cart);
  KasirLoyaltyRule rule;

  if (member == NULL || member->loyalty_points <= 0)
    return FALSE;
  kasir_checkout_points_rule (context, &rule);
  return rule.point_value_minor > 0;
}

gint64
kasir_checkout_points_in (GPtrArray *payments,
                          gint64     point_value_minor)
{
  gint64 points = 0;

  if (point_value_minor <= 0)
    return 0;
  for (guint i = 0; payments != NULL && i < payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (payments, i);

      /* Every points payment is a whole number of points (checked when added). */
      if (p->method == KASIR_PAYMENT_POINTS)
        points += p->amount / point_value_minor;
    }
  return points;
}

gint64
kasir_checkout_points_redeemed (KasirTillContext *context,
                                GPtrArray        *payments)
{
  KasirLoyaltyRule rule;

  kasir_checkout_points_rule (context, &rule);
  return kasir_checkout_points_in (payments, rule.point_value_minor);
}

char *
kasir_checkout_points_most_text (KasirTillContext *context,
                                 const KasirCart  *cart,
                                 GPtrArray        *payments,
                                 KasirMoney        left)
{
  g_autoptr(KasirCustomer) member = kasir_checkout_points_member (context, cart);
  KasirLoyaltyRule rule;
  gint64 points;

  kasir_checkout_points_rule (context, &rule);
  if (member == NULL)
    return g_strdup ("");
  points = kasir_loyalty_points_for (left,
                                     member->loyalty_points
                                     - kasir_checkout_points_in (payments, rule.point_value_minor),
                                     rule.point_value_minor);
  if (points <= 0)
    return g_strdup ("");
  return kasir_ui_money_format (kasir_loyalty_points_value (points, rule.point_value_minor),
                                      cart->currency);
}

gboolean
kasir_checkout_points_check (KasirTillContext  *context,
                             const KasirCart   *cart,
                             GPtrArray         *payments,
                             KasirMoney         amount,
                             KasirMoney         left,
                             KasirMoney        *out_amount,
                             GError           **error)
{
  g_autoptr(KasirCustomer) member = kasir_checkout_points_member (context, cart);
  KasirLoyaltyRule rule;
  gint64 balance, wanted;

  kasir_checkout_points_rule (context, &rule);
  if (member == NULL || rule.point_value_minor <= 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                   _("Points can pay only for a member, in a shop that gives points a value"));
      return FALSE;
    }
  balance = member->loyalty_points - kasir_checkout_points_in (payments, rule.point_value_minor);
  wanted = amount / rule.point_value_minor;
  if (wanted <= 0)
    {
      g_autofree char *one = kasir_ui_money_format (rule.point_value_minor, cart->currency);

      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                   _("One point is worth %s; enter at least that"), one);
      return FALSE;
    }
  if (wanted > balance)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                   ngettext ("%s has only %" PRId64 " point left",
                             "%s has only %" PRId64 " points left", MAX (balance, 0)),
                   member->name, MAX (balance, (gint64) 0));
      return FALSE;
    }
  *out_amount = kasir_loyalty_points_value (wanted, rule.point_value_minor);
  if (*out_amount > left)
    {
      g_autofree char *left_text = kasir_ui_money_format (left, cart->currency);

      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                   _("Points cannot pay more than what is left to pay (%s)"), left_text);
      return FALSE;
    }
  return TRUE;
}

void
kasir_checkout_points_finish (KasirTillContext *context,
                              const KasirCart  *cart,
                              KasirSale        *sale)
{
  g_autoptr(KasirCustomer) member = kasir_checkout_points_member (context, cart);
  KasirLoyaltyRule rule;
  KasirMoney by_points = 0;

  if (member == NULL)
    return;
  kasir_checkout_points_rule (context, &rule);
  for (guint i = 0; i < sale->payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (sale->payments, i);

      if (p->method == KASIR_PAYMENT_POINTS)
        by_points += p->amount;
    }
  /* Points are earned on what was paid in money: the net total less the points. */
  sale->loyalty_earned = kasir_loyalty_points_earned (sale->total - by_points, rule.earn_per_minor);
  if (member->id < 0)
    {
      sale->customer_id = 0;
      g_free (sale->customer_client_id);
      sale->customer_client_id = g_strdup (member->client_id);
    }
}

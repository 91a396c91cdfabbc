/**
 * English texts of the widget: the source of truth for the `Messages` type every locale must
 * satisfy. Functions take values already formatted for the locale (digits localised), so a
 * translation only decides word order.
 */
export const en = {
  lang: 'en',
  loading: 'Loading payment…',
  secureCheckout: 'Secured payment checkout',
  missingAttributes: 'This checkout needs the payment-id and client-secret attributes.',
  currency: 'BDT',

  summary: {
    heading: 'Bill summary',
    merchant: 'Merchant',
    purpose: 'Purpose',
    reference: 'Reference',
    customerName: 'Customer',
    accountNo: 'Account No.',
    billNo: 'Bill No.',
    meterNo: 'Meter No.',
    billMonth: 'Bill Month',
    billAmount: 'Bill Amount',
    rechargeAmount: 'Recharge Amount',
    lateFee: 'Late Payment Charge',
  },
  purposes: {
    postpaid_bill: 'Postpaid bill',
    prepaid_recharge: 'Prepaid recharge',
    application_fee: 'Application fee',
    demand_note: 'Demand note',
    estimate: 'Estimate cost',
    order: 'Order',
  } as Record<string, string>,

  timer: {
    selectWithin: (minutes: string, seconds: string) =>
      `Please select a payment method within ${minutes} Min : ${seconds} Sec`,
    completeWithin: (minutes: string, seconds: string) =>
      `Please complete this step within ${minutes} Min : ${seconds} Sec`,
    minutesLeft: (minutes: string) => `${minutes} minutes left to pay.`,
    oneMinuteLeft: 'One minute left to pay.',
  },

  tabs: {
    label: 'Payment options',
    cards: 'CARDS',
    mobile_banking: 'Mobile Banking',
    internet_banking: 'Internet Banking',
    wallets: 'WALLETS',
  } as Record<string, string>,
  methodsLegend: 'Payment method',
  noMethods: 'No payment method is available here.',

  table: {
    caption: (method: string) => `Gateways for ${method}`,
    gateway: 'Gateway',
    billAmount: 'Bill Amount',
    serviceCharge: 'Service Charge',
    convenienceFee: 'Convenience Fee',
    discount: 'Discount',
    total: 'Total',
  },

  payNow: 'Pay Now',
  /** Pay Now once a row is chosen, with that row's total: "Pay 11.12 BDT". */
  payAmount: (money: string) => `Pay ${money}`,
  totalPayable: 'Total payable',
  cancel: 'Cancel',
  chooseMethodFirst: 'Choose a payment method first.',
  chooseGatewayFirst: 'Choose a gateway in the table first.',

  dialog: {
    payTitle: 'Confirm payment',
    payBody: (total: string, method: string, gateway: string) =>
      `Pay ${total} BDT with ${method} through ${gateway}?`,
    cancelTitle: 'Cancel payment',
    cancelBody: 'Do you want to cancel this payment?',
    yes: 'Yes',
    no: 'No',
  },

  steps: {
    cardTitle: 'Card details',
    cardNumber: 'Card number',
    cardBrand: (brand: string) => `Card type: ${brand}`,
    expiry: 'Expiry date (MM/YY)',
    cvc: 'CVV',
    holder: 'Name on card',
    walletTitle: (provider: string) => `${provider} account`,
    walletNumber: 'Wallet number (01XXXXXXXXX)',
    otpTitle: (provider: string) => `${provider}: verification code`,
    otp: 'Code sent to your phone',
    pinTitle: (provider: string) => `${provider} PIN`,
    pin: 'PIN',
    bankTitle: (provider: string) => `Sign in to ${provider}`,
    username: 'User ID',
    password: 'Password',
    submit: 'Continue',
    pay: 'Pay',
    processing: 'Processing your payment…',
  },

  validation: {
    cardNumber: 'Check the card number: it is not a valid card number.',
    cardBrand: (method: string) => `This is not a ${method} card. Use a ${method} card, or choose another method.`,
    expiry: 'Enter the expiry date as MM/YY.',
    cvc: 'Enter the 3-digit CVV (4 digits for American Express).',
    holder: 'Enter the name printed on the card.',
    walletNumber: 'Enter an 11-digit mobile number starting with 01.',
    otp: 'Enter the code you received (4 to 8 digits).',
    pin: 'Enter your PIN (4 to 6 digits).',
    required: 'This field is required.',
  },

  result: {
    successTitle: 'Payment successful',
    failedTitle: 'Payment failed',
    failedBody: 'The payment could not be completed. No money was taken.',
    cancelledTitle: 'Payment cancelled',
    cancelledBody: 'You cancelled this payment.',
    expiredTitle: 'Time is up',
    expiredBody: 'The time to pay has run out. Please start again from the merchant’s page.',
    returnToMerchant: (merchant: string) => `Return to ${merchant}`,
  },

  slip: {
    heading: 'Payment slip',
    trackingNumber: 'Tracking No.',
    transactionId: 'Transaction ID',
    paidAt: 'Payment Date (Dhaka)',
    method: 'Payment Method',
    gateway: 'Gateway',
    instrument: 'Paid with',
    print: 'Print slip',
    printable: 'Printable slip',
    pdf: 'Download PDF',
  },

  errors: {
    retry: 'Try again',
    network: 'The payment server cannot be reached. Check the connection and try again.',
    attemptsLeft: (count: string) => `Attempts left: ${count}.`,
    triesLeft: (count: string) => `Tries left for this step: ${count}.`,
    byCode: {
      card_declined: 'The card was declined. Try another card or method.',
      insufficient_funds: 'Insufficient funds. Try another card or method.',
      expired_card: 'The card has expired. Try another card or method.',
      wrong_otp: 'The code is wrong.',
      wrong_pin: 'The PIN is wrong.',
    } as Record<string, string>,
  },
};

export type Messages = typeof en;

import type { Messages } from './en.js';

/** Bangla texts. Numbers reach these functions already in Bangla digits. */
export const bn: Messages = {
  lang: 'bn',
  loading: 'পেমেন্ট লোড হচ্ছে…',
  secureCheckout: 'সুরক্ষিত পেমেন্ট চেকআউট',
  missingAttributes: 'এই চেকআউটের জন্য payment-id এবং client-secret অ্যাট্রিবিউট দরকার।',
  currency: 'টাকা',

  summary: {
    heading: 'বিলের বিবরণ',
    merchant: 'প্রতিষ্ঠান',
    purpose: 'উদ্দেশ্য',
    reference: 'রেফারেন্স',
    customerName: 'গ্রাহক',
    accountNo: 'হিসাব নং',
    billNo: 'বিল নং',
    meterNo: 'মিটার নং',
    billMonth: 'বিলের মাস',
    billAmount: 'বিলের পরিমাণ',
    rechargeAmount: 'রিচার্জের পরিমাণ',
    lateFee: 'বিলম্ব মাশুল',
  },
  purposes: {
    postpaid_bill: 'পোস্টপেইড বিল',
    prepaid_recharge: 'প্রিপেইড রিচার্জ',
    application_fee: 'আবেদন ফি',
    demand_note: 'ডিমান্ড নোট',
    estimate: 'প্রাক্কলিত ব্যয়',
    order: 'অর্ডার',
  },

  timer: {
    selectWithin: (minutes, seconds) =>
      `অনুগ্রহ করে ${minutes} মিনিট : ${seconds} সেকেন্ডের মধ্যে পেমেন্ট পদ্ধতি বেছে নিন`,
    completeWithin: (minutes, seconds) =>
      `অনুগ্রহ করে ${minutes} মিনিট : ${seconds} সেকেন্ডের মধ্যে এই ধাপটি শেষ করুন`,
    minutesLeft: (minutes) => `পেমেন্টের জন্য আর ${minutes} মিনিট বাকি।`,
    oneMinuteLeft: 'পেমেন্টের জন্য আর এক মিনিট বাকি।',
  },

  tabs: {
    label: 'পেমেন্টের উপায়',
    cards: 'কার্ড',
    mobile_banking: 'মোবাইল ব্যাংকিং',
    internet_banking: 'ইন্টারনেট ব্যাংকিং',
    wallets: 'ওয়ালেট',
  },
  methodsLegend: 'পেমেন্ট পদ্ধতি',
  noMethods: 'এখানে কোনো পেমেন্ট পদ্ধতি নেই।',

  table: {
    caption: (method) => `গেটওয়ে: ${method}`,
    gateway: 'গেটওয়ে',
    billAmount: 'বিলের পরিমাণ',
    serviceCharge: 'সার্ভিস চার্জ',
    convenienceFee: 'কনভিনিয়েন্স ফি',
    discount: 'ছাড়',
    total: 'মোট',
  },

  payNow: 'এখনই পরিশোধ করুন',
  payAmount: (money) => `${money} পরিশোধ করুন`,
  totalPayable: 'মোট পরিশোধযোগ্য',
  cancel: 'বাতিল',
  chooseMethodFirst: 'আগে একটি পেমেন্ট পদ্ধতি বেছে নিন।',
  chooseGatewayFirst: 'আগে টেবিল থেকে একটি গেটওয়ে বেছে নিন।',

  dialog: {
    payTitle: 'পেমেন্ট নিশ্চিত করুন',
    payBody: (total, method, gateway) => `পদ্ধতি: ${method}, গেটওয়ে: ${gateway}। ${total} টাকা পরিশোধ করবেন?`,
    cancelTitle: 'পেমেন্ট বাতিল',
    cancelBody: 'আপনি কি এই পেমেন্ট বাতিল করতে চান?',
    yes: 'হ্যাঁ',
    no: 'না',
  },

  steps: {
    cardTitle: 'কার্ডের তথ্য',
    cardNumber: 'কার্ড নম্বর',
    cardBrand: (brand) => `কার্ডের ধরন: ${brand}`,
    expiry: 'মেয়াদ শেষের তারিখ (মাস/বছর)',
    cvc: 'সিভিভি',
    holder: 'কার্ডে লেখা নাম',
    walletTitle: (provider) => `${provider} অ্যাকাউন্ট`,
    walletNumber: 'ওয়ালেট নম্বর (০১XXXXXXXXX)',
    otpTitle: (provider) => `${provider}: যাচাই কোড`,
    otp: 'আপনার ফোনে পাঠানো কোড',
    pinTitle: (provider) => `${provider} পিন`,
    pin: 'পিন',
    bankTitle: (provider) => `${provider}: লগইন করুন`,
    username: 'ইউজার আইডি',
    password: 'পাসওয়ার্ড',
    submit: 'এগিয়ে যান',
    pay: 'পরিশোধ করুন',
    processing: 'আপনার পেমেন্ট প্রক্রিয়া করা হচ্ছে…',
  },

  validation: {
    cardNumber: 'কার্ড নম্বরটি সঠিক নয়, আবার দেখুন।',
    cardBrand: (method) => `এটি ${method} কার্ড নয়। ${method} কার্ড ব্যবহার করুন, অথবা অন্য পদ্ধতি বেছে নিন।`,
    expiry: 'মেয়াদ মাস/বছর (MM/YY) আকারে লিখুন।',
    cvc: '৩ অঙ্কের সিভিভি লিখুন (আমেরিকান এক্সপ্রেসে ৪ অঙ্ক)।',
    holder: 'কার্ডে ছাপা নামটি লিখুন।',
    walletNumber: '০১ দিয়ে শুরু ১১ অঙ্কের মোবাইল নম্বর লিখুন।',
    otp: 'যে কোডটি পেয়েছেন তা লিখুন (৪ থেকে ৮ অঙ্ক)।',
    pin: 'আপনার পিন লিখুন (৪ থেকে ৬ অঙ্ক)।',
    required: 'এই ঘরটি পূরণ করুন।',
  },

  result: {
    successTitle: 'পেমেন্ট সফল হয়েছে',
    failedTitle: 'পেমেন্ট ব্যর্থ হয়েছে',
    failedBody: 'পেমেন্টটি সম্পন্ন করা যায়নি। কোনো টাকা কাটা হয়নি।',
    cancelledTitle: 'পেমেন্ট বাতিল হয়েছে',
    cancelledBody: 'আপনি এই পেমেন্টটি বাতিল করেছেন।',
    expiredTitle: 'সময় শেষ',
    expiredBody: 'পেমেন্টের সময় শেষ হয়ে গেছে। প্রতিষ্ঠানের পাতা থেকে আবার শুরু করুন।',
    returnToMerchant: (merchant) => `ফিরে যান: ${merchant}`,
  },

  slip: {
    heading: 'পেমেন্ট স্লিপ',
    trackingNumber: 'ট্র্যাকিং নং',
    transactionId: 'লেনদেন আইডি',
    paidAt: 'পরিশোধের সময় (ঢাকা)',
    method: 'পেমেন্ট পদ্ধতি',
    gateway: 'গেটওয়ে',
    instrument: 'যা দিয়ে পরিশোধ',
    print: 'স্লিপ প্রিন্ট করুন',
    printable: 'প্রিন্টযোগ্য স্লিপ',
    pdf: 'পিডিএফ নামান',
  },

  errors: {
    retry: 'আবার চেষ্টা করুন',
    network: 'পেমেন্ট সার্ভারে পৌঁছানো যাচ্ছে না। সংযোগ দেখে আবার চেষ্টা করুন।',
    attemptsLeft: (count) => `আর ${count} বার চেষ্টা করা যাবে।`,
    triesLeft: (count) => `এই ধাপে আর ${count} বার চেষ্টা করা যাবে।`,
    byCode: {
      card_declined: 'কার্ডটি গ্রহণ করা হয়নি। অন্য কার্ড বা পদ্ধতি ব্যবহার করুন।',
      insufficient_funds: 'পর্যাপ্ত টাকা নেই। অন্য কার্ড বা পদ্ধতি ব্যবহার করুন।',
      expired_card: 'কার্ডের মেয়াদ শেষ। অন্য কার্ড বা পদ্ধতি ব্যবহার করুন।',
      wrong_otp: 'কোডটি ভুল।',
      wrong_pin: 'পিনটি ভুল।',
    },
  },
};

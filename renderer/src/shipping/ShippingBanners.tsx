import { CrashConsentBanner } from './CrashConsentBanner';
import { UpdateBanner } from './UpdateBanner';
import './shipping.css';

/** What the shell shows under the header for the app as shipped; neither banner blocks anything. */
export function ShippingBanners() {
  return (
    <>
      <CrashConsentBanner />
      <UpdateBanner />
    </>
  );
}

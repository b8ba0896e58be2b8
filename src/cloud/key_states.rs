//! A KMS key's life: enabled, disabled, pending deletion (7 to 30 days,
//! 30 unless told) and gone; and its automatic rotation setting
//! (docs/aws-behaviour.md, "KMS key states"). A key that isn't enabled
//! encrypts no new cluster or clone.

use super::Pending;
use super::ids::{AccountId, KeyId};
use super::kms::KeyState;
use super::ops::kms::{Empty, KeyIdResponse, RotationStatus, ScheduledDeletion};
use super::{AwsError, Cloud};

/// The waiting period KMS takes, in days, and its default.
const PENDING_WINDOW: std::ops::RangeInclusive<u64> = 7..=30;
const DEFAULT_PENDING_WINDOW: u64 = 30;

/// The rotation period KMS shows for a key rotated automatically.
const ROTATION_PERIOD_DAYS: u32 = 365;

impl Cloud {
    /// `kms-enable-key`.
    pub fn kms_enable_key(&mut self, caller: AccountId, key: &str) -> Result<Empty, AwsError> {
        let id = self.own_key(caller, key)?;
        self.not_pending_deletion(id)?;
        self.keys[id.index()].state = KeyState::Enabled;
        Ok(Empty {})
    }

    /// `kms-disable-key`: the key encrypts no new cluster or clone until
    /// enabled again; clusters it already encrypts are left as they are.
    pub fn kms_disable_key(&mut self, caller: AccountId, key: &str) -> Result<Empty, AwsError> {
        let id = self.own_key(caller, key)?;
        self.not_pending_deletion(id)?;
        self.keys[id.index()].state = KeyState::Disabled;
        Ok(Empty {})
    }

    /// `kms-schedule-key-deletion`: the key is pending deletion for
    /// `days` (7 to 30, 30 unless told), then gone with its aliases.
    pub fn kms_schedule_key_deletion(
        &mut self,
        caller: AccountId,
        key: &str,
        days: Option<u64>,
    ) -> Result<ScheduledDeletion, AwsError> {
        let days = days.unwrap_or(DEFAULT_PENDING_WINDOW);
        if !PENDING_WINDOW.contains(&days) {
            return Err(AwsError::KmsValidation(format!(
                "PendingWindowInDays must be between {} and {} inclusive, not {days}",
                PENDING_WINDOW.start(),
                PENDING_WINDOW.end()
            )));
        }
        let id = self.own_key(caller, key)?;
        self.not_pending_deletion(id)?;
        let at = self.schedule_in(days as i64 * 86_400, Pending::KeyDeleted(id));
        let k = &mut self.keys[id.index()];
        k.state = KeyState::PendingDeletion;
        k.deletion = Some((at, days as u32));
        Ok(ScheduledDeletion {
            key_id: k.arn(&self.config.region),
            deletion_date: at,
            key_state: k.state,
            pending_window_in_days: days as u32,
        })
    }

    /// `kms-cancel-key-deletion`: the key stays, disabled.
    pub fn kms_cancel_key_deletion(
        &mut self,
        caller: AccountId,
        key: &str,
    ) -> Result<KeyIdResponse, AwsError> {
        let id = self.own_key(caller, key)?;
        let region = self.config.region.clone();
        let k = &mut self.keys[id.index()];
        if k.state != KeyState::PendingDeletion {
            return Err(AwsError::KmsInvalidState(format!(
                "{} is not pending deletion (it is {}).",
                k.arn(&region),
                k.state
            )));
        }
        k.state = KeyState::Disabled;
        k.deletion = None;
        Ok(KeyIdResponse {
            key_id: k.arn(&region),
        })
    }

    /// A key's waiting period is over: it goes, with its aliases and
    /// grants, unless its deletion was cancelled (or rescheduled) since.
    pub(super) fn complete_key_deletion(&mut self, id: KeyId) {
        let now = self.now;
        let k = &mut self.keys[id.index()];
        if k.state == KeyState::PendingDeletion && k.deletion.is_some_and(|(at, _)| at == now) {
            k.deleted = true;
            k.aliases.clear();
            k.grants.clear();
        }
    }

    /// `kms-enable-key-rotation` and `kms-disable-key-rotation`.
    pub fn kms_set_key_rotation(
        &mut self,
        caller: AccountId,
        key: &str,
        on: bool,
    ) -> Result<Empty, AwsError> {
        let id = self.own_key(caller, key)?;
        self.not_pending_deletion(id)?;
        let region = self.config.region.clone();
        let k = &mut self.keys[id.index()];
        if k.state == KeyState::Disabled {
            return Err(AwsError::KmsDisabled(format!(
                "{} is disabled.",
                k.arn(&region)
            )));
        }
        k.rotation = on;
        Ok(Empty {})
    }

    /// `kms-get-key-rotation-status`.
    pub fn kms_get_key_rotation_status(
        &self,
        caller: AccountId,
        key: &str,
    ) -> Result<RotationStatus, AwsError> {
        let id = self.visible_key(caller, key)?;
        self.not_pending_deletion(id)?;
        let k = &self.keys[id.index()];
        Ok(RotationStatus {
            key_rotation_enabled: k.rotation,
            key_id: k.arn(&self.config.region),
            rotation_period_in_days: k.rotation.then_some(ROTATION_PERIOD_DAYS),
        })
    }
}

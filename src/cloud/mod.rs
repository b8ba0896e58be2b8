//! The AWS control plane around the volume engine: accounts and
//! organizations, KMS keys, RDS clusters, instances and snapshots, and RAM
//! resource shares with their invitations.
//!
//! Every call names its caller, is checked against the rules of
//! docs/aws-behaviour.md before anything changes, and then drives the engine. A failed
//! call returns an [`AwsError`] with the exact AWS code and changes nothing.
//! Long operations complete in simulated time (see [`crate::latency`]): the
//! caller moves the clock with [`Cloud::advance_to`].

mod arn;
mod aws_defaults;
pub mod backup;
mod call;
pub(crate) mod clusters;
mod db_engine;
mod describe;
mod describe_snapshots;
mod engine_versions;
mod error;
mod failover;
pub mod groups;
mod ids;
pub mod instance_classes;
pub mod instance_hours;
mod instances;
mod key_grants;
mod key_policy_error;
mod key_retire;
mod key_states;
mod key_tags;
mod keys;
pub mod kms;
mod listing;
pub mod ops;
mod parameter_groups;
pub mod ram;
pub mod rds;
mod retention;
pub mod serverless;
mod share_listings;
mod share_settings;
mod shareable;
mod sharing;
mod snapshots;
pub mod stop_start;
mod storage_type;
mod subnet_groups;
mod tag_list;
mod tags;
pub mod usage;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

pub use arn::{Arn, ArnError};
pub use error::AwsError;
pub use ids::{
    AccountId, ClusterId, ClusterSnapshotId, InstanceId, InvitationId, KeyId, NotAnAccountId,
    ShareId,
};
pub use ops::ram::{InvitationRef, ResourceOwner, ShareRef, ShareRequest};
pub use ops::rds::{CreateCluster, RestoreFromSnapshot, RestoreToPointInTime, RestoreType};
pub use ops::refs::ClusterRef;
pub use ops::sim::WritePages;
pub use retention::{RetentionOutOfRange, RetentionPeriod};

use crate::engine::{Engine, ExplainCache, MAX_RANGES, PageSet, VersionGroup, VolumeId};
use crate::latency::{LatencyModel, LongOp};
use crate::sampling::{SampledBlocks, Sampler};
use crate::time::{Seconds, SimTime};
use kms::{DEFAULT_RDS_ALIAS, Key, KeyPolicy};
use ram::{Invitation, Share};
use rds::{Cluster, ClusterSnapshot, ClusterStatus, Instance, InstanceStatus, SnapshotStatus};

/// Default DB cluster quota per account and Region (docs/aws-behaviour.md, Aurora
/// quotas: 40).
pub const DEFAULT_CLUSTER_QUOTA: usize = 40;

/// Most copy-on-write clones of one storage family in one account before
/// the next is silently a full copy, and most cross-account clones of one
/// clone family (docs/aws-behaviour.md: 15).
pub const CLONE_LIMIT: usize = 15;

/// How the control plane is set up.
#[derive(Clone, Debug)]
pub struct CloudConfig {
    pub region: String,
    pub start: SimTime,
    pub seed: u64,
    pub latency: LatencyModel,
    pub cluster_quota: usize,
    /// Copy-on-write clones per storage family before the next is a full
    /// copy (Aurora: 15). Benchmarks raise it to build larger families.
    pub clone_limit: usize,
    /// Simulate only a sample of the pages (forecasts); `None`: all.
    pub sampler: Option<Sampler>,
}

impl Default for CloudConfig {
    fn default() -> Self {
        CloudConfig {
            region: "us-east-1".into(),
            start: SimTime::DEFAULT_START,
            seed: 0,
            latency: LatencyModel::default(),
            cluster_quota: DEFAULT_CLUSTER_QUOTA,
            clone_limit: CLONE_LIMIT,
            sampler: None,
        }
    }
}

/// An AWS Organization.
#[derive(Clone, Debug, PartialEq)]
pub struct Organization {
    pub id: String,
    pub management: AccountId,
    pub accounts: BTreeSet<AccountId>,
    pub sharing_enabled: bool,
}

/// An AWS account.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    pub id: AccountId,
    pub name: Option<String>,
    pub organization: Option<usize>,
    /// The account's AWS managed `aws/rds` key.
    pub default_key: KeyId,
}

/// What an id minted apart from the UUID sequence stands for: each kind
/// numbers its own (a cluster's or instance's index, an account's id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Minted {
    ClusterResource = 1,
    InstanceResource = 2,
    EndpointHash = 3,
    Vpc = 4,
    SecurityGroup = 5,
    Windows = 6,
}

/// Something that completes later in simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Pending {
    ClusterReady(ClusterId),
    ClusterGone(ClusterId),
    InstanceReady(InstanceId),
    InstanceModified(InstanceId, instance_classes::InstanceClass),
    InstanceRebooted(InstanceId),
    InstanceGone(InstanceId),
    ClusterStopped(ClusterId),
    ClusterStarted(ClusterId),
    ClusterFailedOver(ClusterId),
    /// AWS starts a cluster stopped since then.
    ClusterAutoStart(ClusterId, SimTime),
    SnapshotReady(ClusterSnapshotId),
    InvitationExpires(InvitationId),
    /// A key pending deletion goes, if still scheduled for then.
    KeyDeleted(KeyId),
}

/// The control plane's whole state.
#[derive(Clone, Debug)]
pub struct Cloud {
    config: CloudConfig,
    now: SimTime,
    rng: Xoshiro256PlusPlus,
    engine: Engine,
    organizations: Vec<Organization>,
    accounts: BTreeMap<AccountId, Account>,
    keys: Vec<Key>,
    clusters: Vec<Cluster>,
    instances: Vec<Instance>,
    snapshots: Vec<ClusterSnapshot>,
    shares: Vec<Share>,
    invitations: Vec<Invitation>,
    /// Every account's parameter and subnet groups.
    groups: groups::Groups,
    /// (when, order of scheduling, what): completes in time order.
    pending: BTreeSet<(SimTime, u64, Pending)>,
    scheduled: u64,
    /// Counter behind the deterministic UUIDs.
    uuids: u64,
    /// Under sampling, the sampled blocks found so far.
    blocks: SampledBlocks,
    /// Pages the engine has been given to write (the sampled ones, under
    /// sampling): what `cowsim bench fleet` divides its time by.
    engine_pages_written: u64,
    /// When each cluster was stopped, for the reports.
    stopped_periods: Vec<rds::StoppedPeriod>,
}

impl Cloud {
    /// A control plane with no accounts yet.
    pub fn new(config: CloudConfig) -> Self {
        Cloud {
            now: config.start,
            rng: Xoshiro256PlusPlus::seed_from_u64(config.seed),
            engine: Engine::new(),
            config,
            organizations: Vec::new(),
            accounts: BTreeMap::new(),
            keys: Vec::new(),
            clusters: Vec::new(),
            instances: Vec::new(),
            snapshots: Vec::new(),
            shares: Vec::new(),
            invitations: Vec::new(),
            groups: groups::Groups::default(),
            pending: BTreeSet::new(),
            scheduled: 0,
            uuids: 0,
            blocks: SampledBlocks::default(),
            engine_pages_written: 0,
            stopped_periods: Vec::new(),
        }
    }

    /// Pages the engine has been given to write so far (under sampling,
    /// the sampled ones).
    pub fn engine_pages_written(&self) -> u64 {
        self.engine_pages_written
    }

    /// The engine's history revision: equal revisions mean every volume's
    /// history keeps what it kept.
    pub fn history_revision(&self) -> u64 {
        self.engine.history_revision()
    }

    /// The engine's revision: equal revisions mean every volume and
    /// snapshot holds what it held.
    pub fn engine_revision(&self) -> u64 {
        self.engine.revision()
    }

    /// Adds an account (with its `aws/rds` key). Adding one twice is a
    /// no-op that keeps the first name.
    pub fn add_account(&mut self, id: AccountId, name: Option<String>) {
        if self.accounts.contains_key(&id) {
            return;
        }
        let key = self.new_key(id, Some(DEFAULT_RDS_ALIAS.to_string()), true);
        self.accounts.insert(
            id,
            Account {
                id,
                name,
                organization: None,
                default_key: key,
            },
        );
    }

    /// Adds an organization of existing (or new) accounts.
    pub fn add_organization(&mut self, id: String, management: AccountId, accounts: &[AccountId]) {
        let index = self.organizations.len();
        let mut members: BTreeSet<AccountId> = accounts.iter().copied().collect();
        members.insert(management);
        for &a in &members {
            self.add_account(a, None);
            if let Some(account) = self.accounts.get_mut(&a) {
                account.organization = Some(index);
            }
        }
        self.organizations.push(Organization {
            id,
            management,
            accounts: members,
            sharing_enabled: false,
        });
    }

    /// The simulated time the control plane started at.
    pub fn start(&self) -> SimTime {
        self.config.start
    }

    /// The simulated time now.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// The Region every ARN names.
    pub fn region(&self) -> &str {
        &self.config.region
    }

    /// Every account.
    pub fn accounts(&self) -> impl Iterator<Item = &Account> {
        self.accounts.values()
    }

    /// A cluster's record.
    pub fn cluster(&self, id: ClusterId) -> &Cluster {
        &self.clusters[id.index()]
    }

    /// The pages a cluster's volume spans (its size), deleted ones 0.
    pub fn cluster_extent(&self, id: ClusterId) -> u64 {
        self.engine
            .extent(self.clusters[id.index()].volume)
            .unwrap_or(0)
    }

    /// A live cluster's pages grouped by the versions they see (see
    /// [`Engine::explain`]), each writer named by its cluster; `None` once
    /// deleted.
    pub fn explain(&self, id: ClusterId) -> Option<Vec<(ClusterId, VersionGroup)>> {
        self.explain_with(id, &mut ExplainCache::default())
    }

    /// As [`Cloud::explain`], sharing `cache` with other explanations of
    /// the state as it is now.
    pub fn explain_with(
        &self,
        id: ClusterId,
        cache: &mut ExplainCache,
    ) -> Option<Vec<(ClusterId, VersionGroup)>> {
        let volume = self.clusters[id.index()].volume;
        self.writers_named(self.engine.explain_with(volume, cache).ok()?)
    }

    /// The engine's pages of a sampled cluster are numbered in the
    /// sample (`SampledBlocks::compact`): groups show the cluster's own.
    fn numbered_back(&self, mut groups: Vec<VersionGroup>) -> Vec<VersionGroup> {
        if self.config.sampler.is_some() {
            for g in &mut groups {
                g.ranges = self.blocks.expand(&g.ranges);
                g.ranges.truncate(MAX_RANGES);
            }
        }
        groups
    }

    /// Where each page a live cluster sees was written, without who else
    /// sees it (see [`Engine::origins`]); `None` once deleted.
    pub fn origins(&self, id: ClusterId) -> Option<Vec<(ClusterId, VersionGroup)>> {
        let volume = self.clusters[id.index()].volume;
        self.writers_named(self.engine.origins(volume).ok()?)
    }

    /// Each group with its writer's cluster.
    fn writers_named(&self, groups: Vec<VersionGroup>) -> Option<Vec<(ClusterId, VersionGroup)>> {
        let groups = self.numbered_back(groups);
        let cluster_of = |v: VolumeId| self.clusters.iter().find(|c| c.volume == v).map(|c| c.id());
        groups
            .into_iter()
            .map(|g| cluster_of(g.writer).map(|c| (c, g)))
            .collect()
    }

    /// Every cluster ever created, deleted ones included.
    pub fn clusters(&self) -> &[Cluster] {
        &self.clusters
    }

    /// Every cluster snapshot ever created.
    pub fn cluster_snapshots(&self) -> &[ClusterSnapshot] {
        &self.snapshots
    }

    /// Every DB instance ever created.
    pub fn instances(&self) -> &[Instance] {
        &self.instances
    }

    /// Every resource share ever created.
    pub fn shares(&self) -> &[Share] {
        &self.shares
    }

    /// Every invitation ever sent.
    pub fn invitations(&self) -> &[Invitation] {
        &self.invitations
    }

    /// Every KMS key.
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// The organizations.
    pub fn organizations(&self) -> &[Organization] {
        &self.organizations
    }

    /// What a cluster's page counts are multiplied by to estimate the
    /// whole: 1 when every page is simulated; else its extent over the
    /// sampled pages below it.
    fn sample_scale(&self, id: ClusterId) -> f64 {
        let Some(sampler) = self.config.sampler else {
            return 1.0;
        };
        let extent = self.cluster_extent(id);
        let kept = self.blocks.kept_below_now(&sampler, extent);
        if kept == 0 {
            1.0 / sampler.rate
        } else {
            extent as f64 / kept as f64
        }
    }

    /// `pages` as the engine stores them: under sampling, the sampled
    /// ones numbered in the sample (`SampledBlocks::compact`).
    pub(super) fn engine_pages<'a>(&mut self, pages: &'a PageSet) -> Cow<'a, PageSet> {
        match self.config.sampler {
            Some(s) => Cow::Owned(self.blocks.compact(&s, pages)),
            None => Cow::Borrowed(pages),
        }
    }

    /// Under sampling, `count` uniform updates of a cluster drawn only
    /// where they land in sampled blocks (`Sampler::uniform_pages`),
    /// numbered in the sample; `None` when every page is simulated, and
    /// the caller draws them all.
    pub fn sampled_uniform_updates(
        &mut self,
        id: ClusterId,
        count: u64,
        rng: &mut impl rand::Rng,
    ) -> Option<WritePages> {
        let sampler = self.config.sampler?;
        let extent = self.cluster_extent(id);
        let kept = self.blocks.kept_below(&sampler, extent);
        Some(WritePages::InSample(Sampler::uniform_pages(
            count, extent, kept, rng,
        )))
    }

    /// The time at which the next pending operation completes, if any.
    pub fn next_completion(&self) -> Option<SimTime> {
        self.pending.first().map(|(t, _, _)| *t)
    }

    /// When every pending creation, copy, deletion, stop and start will
    /// have completed, if one is pending (invitations that will expire,
    /// and stopped clusters AWS will start, are not counted).
    pub fn settled_at(&self) -> Option<SimTime> {
        self.pending
            .iter()
            .filter(|(_, _, what)| {
                !matches!(
                    what,
                    Pending::InvitationExpires(_) | Pending::ClusterAutoStart(..)
                )
            })
            .map(|(t, _, _)| *t)
            .max()
    }

    /// When the next creation, copy or deletion of something `account`
    /// owns completes, if one is pending: how far a describe moves the
    /// clock of a server whose clock doesn't follow the wall's, so that a
    /// waiter polling a resource in transition sees its next state.
    pub fn next_completion_of(&self, account: AccountId) -> Option<SimTime> {
        self.pending
            .iter()
            .find(|(_, _, what)| self.owner_of(*what) == Some(account))
            .map(|(t, _, _)| *t)
    }

    /// When `cluster`, the caller's, becomes available, if it is being
    /// created: a DB instance asked for meanwhile starts then.
    pub fn cluster_ready_at(&self, caller: AccountId, cluster: &ClusterRef) -> Option<SimTime> {
        let id = self.own_cluster(caller, cluster).ok()?;
        self.pending
            .iter()
            .find(|(_, _, what)| *what == Pending::ClusterReady(id))
            .map(|(t, _, _)| *t)
    }

    /// The account whose resource a pending completion changes; none for
    /// an invitation's expiry or a stopped cluster's automatic start,
    /// which no describe waits for.
    fn owner_of(&self, what: Pending) -> Option<AccountId> {
        match what {
            Pending::ClusterReady(c) | Pending::ClusterGone(c) => {
                Some(self.clusters[c.index()].account)
            }
            Pending::ClusterStopped(c)
            | Pending::ClusterStarted(c)
            | Pending::ClusterFailedOver(c) => Some(self.clusters[c.index()].account),
            Pending::InstanceReady(i)
            | Pending::InstanceGone(i)
            | Pending::InstanceModified(i, _)
            | Pending::InstanceRebooted(i) => Some(self.instances[i.index()].account),
            // AWS starts a stopped cluster a week on: no describe waits
            // for that.
            Pending::ClusterAutoStart(..) => None,
            Pending::SnapshotReady(s) => Some(self.snapshots[s.index()].account),
            Pending::InvitationExpires(_) | Pending::KeyDeleted(_) => None,
        }
    }

    /// Moves the clock to `to`, completing every pending operation due by
    /// then, in time order. The clock never goes back.
    pub fn advance_to(&mut self, to: SimTime) {
        while let Some(&(at, seq, what)) = self.pending.first() {
            if at > to {
                break;
            }
            self.pending.remove(&(at, seq, what));
            self.now = self.now.max(at);
            self.set_engine_clock();
            self.complete(what);
        }
        self.now = self.now.max(to);
        self.set_engine_clock();
    }

    /// Gives the engine the time, in seconds from the start: its volumes'
    /// histories are kept in that time.
    fn set_engine_clock(&mut self) {
        let seconds = self.now.since(self.config.start).max(0);
        self.engine.set_clock(seconds as u64);
    }

    /// The simulated time of the engine's `seconds` from the start.
    fn engine_time(&self, seconds: u64) -> SimTime {
        self.config.start.plus(seconds as Seconds)
    }

    /// The engine's time of `at`, before the start read as the start.
    fn engine_seconds(&self, at: SimTime) -> u64 {
        at.since(self.config.start).max(0) as u64
    }

    fn complete(&mut self, what: Pending) {
        let now = self.now;
        match what {
            Pending::ClusterReady(c) => {
                let cluster = &mut self.clusters[c.index()];
                if cluster.status == ClusterStatus::Creating {
                    cluster.status = ClusterStatus::Available;
                    cluster.available_at.get_or_insert(now);
                }
            }
            Pending::ClusterGone(c) => self.clusters[c.index()].status = ClusterStatus::Deleted,
            Pending::InstanceReady(i) => {
                let instance = &mut self.instances[i.index()];
                if instance.status == InstanceStatus::Creating {
                    instance.status = InstanceStatus::Available;
                    instance.available_at = Some(now);
                    self.bill_instance_from_now(i);
                }
            }
            Pending::InstanceModified(i, class) => self.complete_modification(i, class),
            Pending::InstanceRebooted(i) => self.complete_reboot(i),
            Pending::ClusterStopped(c) => self.complete_stop(c),
            Pending::ClusterStarted(c) => self.complete_start(c),
            Pending::ClusterFailedOver(c) => self.complete_failover(c),
            Pending::ClusterAutoStart(c, since) => self.automatic_start(c, since),
            Pending::InstanceGone(i) => self.instances[i.index()].status = InstanceStatus::Deleted,
            Pending::SnapshotReady(s) => {
                let snapshot = &mut self.snapshots[s.index()];
                if matches!(
                    snapshot.status,
                    SnapshotStatus::Creating | SnapshotStatus::Copying
                ) {
                    snapshot.status = SnapshotStatus::Available;
                }
            }
            Pending::InvitationExpires(i) => {
                let invitation = &mut self.invitations[i.index()];
                if !invitation.withdrawn
                    && let Some(next) = invitation.status.next(ram::InvitationEvent::Expire)
                {
                    invitation.status = next;
                    self.fail_principal(i);
                }
            }
            Pending::KeyDeleted(k) => self.complete_key_deletion(k),
        }
    }

    /// Schedules `what` after `op`'s simulated duration; returns when.
    fn schedule(&mut self, op: LongOp, what: Pending) -> SimTime {
        let seconds = self.config.latency.sample(op, &mut self.rng);
        self.schedule_in(seconds, what)
    }

    fn schedule_in(&mut self, seconds: Seconds, what: Pending) -> SimTime {
        let at = self.now.plus(seconds);
        self.scheduled += 1;
        self.pending.insert((at, self.scheduled, what));
        at
    }

    /// A fresh, deterministic UUID-shaped string: the next of a sequence
    /// that only calls advance, so that the ids a session's calls mint are
    /// a function of the seed and of those calls in order, whenever its
    /// accounts were declared.
    fn uuid(&mut self) -> String {
        self.uuids += 1;
        self.uuid_of(self.uuids)
    }

    /// Two words drawn from `n` in this seed's space (splitmix64).
    fn drawn(&self, n: u64) -> (u64, u64) {
        let mut x = n ^ self.config.seed.rotate_left(17);
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        (next(), next())
    }

    /// The words drawn for the `n`th of `kind` (a [`Minted`]): a space
    /// apart from [`Cloud::uuid`]'s sequence and the `aws/rds` keys', so
    /// that minting one shifts no other id, and a session's journal
    /// replays to the same ids.
    fn minted(&self, kind: Minted, n: u64) -> (u64, u64) {
        self.drawn(1 << 62 | (kind as u64) << 48 | n)
    }

    /// An RDS resource id: `PREFIX-` and 26 characters of A–Z and 2–7, as
    /// `DbClusterResourceId` (`cluster-…`) and `DbiResourceId` (`db-…`).
    fn resource_id(&self, kind: Minted, n: u64) -> String {
        const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let (a, b) = self.minted(kind, n);
        let bits = u128::from(a) << 64 | u128::from(b);
        let id: String = (0..26)
            .map(|i| BASE32[((bits >> (i * 5)) & 31) as usize] as char)
            .collect();
        let prefix = match kind {
            Minted::ClusterResource => "cluster",
            _ => "db",
        };
        format!("{prefix}-{id}")
    }

    /// The host-name part RDS gives an account's endpoints in the Region
    /// (`ID.cluster-HASH.REGION.rds.amazonaws.com`): 12 of a–z and 0–9.
    fn endpoint_hash(&self, account: AccountId) -> String {
        let (mut a, _) = self.minted(Minted::EndpointHash, account.as_u64());
        (0..12)
            .map(|_| {
                let c = b"abcdefghijklmnopqrstuvwxyz0123456789"[(a % 36) as usize] as char;
                a /= 36;
                c
            })
            .collect()
    }

    /// The id of an account's default VPC (`vpc-…`) or of its default
    /// security group (`sg-…`): 17 hex digits.
    fn network_id(&self, kind: Minted, account: AccountId) -> String {
        let (a, b) = self.minted(kind, account.as_u64());
        let prefix = if kind == Minted::Vpc { "vpc" } else { "sg" };
        format!("{prefix}-{:016x}{:x}", a, b & 0xF)
    }

    /// The UUID-shaped string numbered `n` in this seed's space.
    fn uuid_of(&self, n: u64) -> String {
        let (a, b) = self.drawn(n);
        format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFF,
            b >> 52,
            b & 0xFFFF_FFFF_FFFF
        )
    }

    /// A new key. An account's `aws/rds` key is numbered by its account,
    /// outside the sequence of [`Cloud::uuid`]: an account declared late
    /// (the first call of a new caller to `cowsim serve`) then shifts no
    /// other id, and its session replays under `cowsim run`, which
    /// declares every account first, to the same ids.
    fn new_key(&mut self, owner: AccountId, alias: Option<String>, aws_managed: bool) -> KeyId {
        let id = KeyId(self.keys.len() as u32);
        let key_id = if aws_managed {
            self.uuid_of(1 << 63 | owner.as_u64())
        } else {
            self.uuid()
        };
        let now = self.now;
        self.keys.push(Key {
            id,
            key_id,
            owner,
            aliases: alias
                .into_iter()
                .map(|name| kms::KeyAlias {
                    name,
                    created_at: now,
                    updated_at: now,
                })
                .collect(),
            aws_managed,
            policy: KeyPolicy::default(),
            policy_text: None,
            description: if aws_managed {
                "Default key that protects my RDS database volumes when no other key is defined"
                    .into()
            } else {
                String::new()
            },
            spec: "SYMMETRIC_DEFAULT".into(),
            usage: "ENCRYPT_DECRYPT".into(),
            created_at: now,
            state: kms::KeyState::Enabled,
            deletion: None,
            deleted: false,
            rotation: aws_managed,
            tags: Vec::new(),
            grants: Vec::new(),
        });
        id
    }

    /// The caller's account, if added with [`Cloud::add_account`]: AWS
    /// refuses calls from credentials it doesn't know.
    fn account(&self, id: AccountId) -> Result<&Account, AwsError> {
        self.accounts
            .get(&id)
            .ok_or_else(|| AwsError::UnknownCaller(id.to_string()))
    }

    /// Whether two accounts share an organization with RAM sharing on.
    fn same_sharing_org(&self, a: AccountId, b: AccountId) -> bool {
        match (self.accounts.get(&a), self.accounts.get(&b)) {
            (Some(x), Some(y)) => x.organization.is_some_and(|o| {
                Some(o) == y.organization && self.organizations[o].sharing_enabled
            }),
            _ => false,
        }
    }

    /// Whether two accounts are in the same organization.
    fn same_org(&self, a: AccountId, b: AccountId) -> bool {
        match (self.accounts.get(&a), self.accounts.get(&b)) {
            (Some(x), Some(y)) => x.organization.is_some() && x.organization == y.organization,
            _ => false,
        }
    }

    /// Whether `caller` owns `cluster` or has it through an active share.
    pub fn can_see_cluster(&self, caller: AccountId, cluster: ClusterId) -> bool {
        let c = &self.clusters[cluster.index()];
        c.status != ClusterStatus::Deleted
            && (c.account == caller || self.shares.iter().any(|s| s.grants(caller, cluster)))
    }

    /// Whether `cluster` is an associated resource of an active share.
    fn is_shared(&self, cluster: ClusterId) -> bool {
        self.shares.iter().any(|s| {
            s.status == ram::ShareStatus::Active
                && s.resources.get(&cluster) == Some(&ram::AssociationStatus::Associated)
        })
    }
}

//! A request declared once: `request!` takes each field with its step key
//! (the AWS CLI's name), its wire name (the API's member name), its type
//! and the rule its value must keep, and makes the struct, its parameter
//! list ([`Declared::PARAMS`], which the registry lists), its reader (a
//! [`Reads`] for every [`Reader`] that [`ReadsParam`] each field's
//! type) and its writer (a [`Written`] for every [`Writer`] that
//! [`WritesParam`] each field's type). A front door (the scenario parser,
//! an HTTP endpoint) implements `ReadsParam` for the types once, and reads
//! every declared request through it; the session's journal writes steps
//! back through `WritesParam`.
//!
//! Requests whose fields depend on one another (one of two keys, a value
//! checked against another) declare their raw fields with `request!`, and
//! their cross-field rules in one [`Validated::validate`], which both
//! front doors share through `validated!`.

use super::identifiers::Rule;
pub use super::param::{Param, Refusal, extension, param};

/// Something requests are read from: a scenario step, an HTTP request.
pub trait Reader {
    /// Why a request could not be read, saying where.
    type Error;

    /// A request's values refused once read (an identifier's form, a
    /// cross-field rule), as this front door tells it.
    fn refuse(&mut self, refusal: Refusal) -> Self::Error;
}

/// A [`Reader`] that can read requests of type `T`.
pub trait Reads<T>: Reader {
    fn read(&mut self) -> Result<T, Self::Error>;
}

/// A request type, and the parameters it takes.
pub trait Declared {
    /// Every parameter: those it models, then those it only accepts (as a
    /// refused step's help lists them).
    const PARAMS: &'static [Param];
}

/// A [`Reader`] that can read one parameter as a `T`: a required value as
/// `T`, an optional one as `Option<T>`.
pub trait ReadsParam<T>: Reader {
    fn param(&mut self, param: Param) -> Result<T, Self::Error>;
}

/// Something requests are written to: a scenario step.
pub trait Writer {}

/// A [`Writer`] that can write a parameter's value of type `T` (a value
/// left out, `None`, is not written).
pub trait WritesParam<T>: Writer {
    fn put(&mut self, param: Param, value: &T);
}

/// A request that writes itself to `W`, parameter by parameter.
pub trait Written<W> {
    fn write(&self, w: &mut W);
}

/// A request read as raw fields (`Fields`, declared with `request!`) and
/// then checked as a whole: the cross-field rules both front doors share.
pub trait Validated: Sized {
    type Fields;

    /// The request the fields make, or why they make none.
    fn validate(fields: Self::Fields) -> Result<Self, Refusal>;

    /// The fields that make this request again (a journal writes them).
    fn fields(&self) -> Self::Fields;
}

/// A value checked against an identifier [`Rule`] as it is read: a
/// `String`, or an `Option<String>` when it is there.
pub trait Identifier {
    fn identifier(&self) -> Option<&str>;
}

impl Identifier for String {
    fn identifier(&self) -> Option<&str> {
        Some(self)
    }
}

impl Identifier for Option<String> {
    fn identifier(&self) -> Option<&str> {
        self.as_deref()
    }
}

/// `value` of `param` checked against `rule`, refused through `reader`.
pub fn check<R: Reader>(
    reader: &mut R,
    param: Param,
    rule: &Rule,
    value: &impl Identifier,
) -> Result<(), R::Error> {
    match value.identifier().map(|v| rule.check(param, v)) {
        Some(Err(refusal)) => Err(reader.refuse(refusal)),
        _ => Ok(()),
    }
}

/// Declares a request: its struct, its [`Declared`] parameters and its
/// reader.
///
/// ```text
/// request! {
///     /// `describe-db-instances`: the caller's instances, or one of them.
///     pub struct DescribeDbInstances accepting {} {
///         pub identifier: Option<String> = "db-instance-identifier" / "DBInstanceIdentifier",
///     }
/// }
/// ```
///
/// A field reads as its type: `T` is required, `Option<T>` optional, and
/// `T = … or DEFAULT` optional with a default. `… valid RULE` checks a
/// string's value against an identifier rule (`identifiers.rs`) as it is
/// read, so that both front doors refuse it before anything runs. `accepting { "key" / "Wire":
/// T, … }` lists parameters the API takes and the simulator reads (so a
/// wrong type is refused) but does not model; they are read first, and
/// listed last. A parameter of the simulator's own has `/ -` for its wire
/// name.
macro_rules! request {
    (
        $(#[$meta:meta])*
        pub struct $name:ident accepting {
            $($astep:literal / $awire:tt : $aty:ty),* $(,)?
        } {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident : $ty:ty = $step:literal / $wire:tt
                    $(valid $rule:ident)? $(or $default:expr)?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl $crate::cloud::ops::declare::Declared for $name {
            const PARAMS: &'static [$crate::cloud::ops::declare::Param] = &[
                $($crate::cloud::ops::declare::request!(@param $step, $wire),)*
                $($crate::cloud::ops::declare::request!(@param $astep, $awire),)*
            ];
        }

        impl<R> $crate::cloud::ops::Reads<$name> for R
        where
            R: $crate::cloud::ops::Reader
                $(+ $crate::cloud::ops::declare::ReadsParam<$aty>)*
                $(+ $crate::cloud::ops::declare::ReadsParam<
                    $crate::cloud::ops::declare::request!(@read $ty $(, $default)?)
                >)*,
        {
            fn read(&mut self) -> Result<$name, R::Error> {
                $(
                    let _: $aty = $crate::cloud::ops::declare::ReadsParam::param(
                        self,
                        $crate::cloud::ops::declare::request!(@param $astep, $awire),
                    )?;
                )*
                $(
                    let value: $crate::cloud::ops::declare::request!(@read $ty $(, $default)?) =
                        $crate::cloud::ops::declare::ReadsParam::param(
                            self,
                            $crate::cloud::ops::declare::request!(@param $step, $wire),
                        )?;
                    let $field = $crate::cloud::ops::declare::request!(@value value $(, $default)?);
                    $(
                        $crate::cloud::ops::declare::check(
                            self,
                            $crate::cloud::ops::declare::request!(@param $step, $wire),
                            &$rule,
                            &$field,
                        )?;
                    )?
                )*
                Ok($name { $($field),* })
            }
        }

        impl<W> $crate::cloud::ops::declare::Written<W> for $name
        where
            W: $crate::cloud::ops::declare::Writer
                $(+ $crate::cloud::ops::declare::WritesParam<$ty>)*,
        {
            #[allow(unused_variables)]
            fn write(&self, w: &mut W) {
                $(
                    let value = &self.$field;
                    $crate::cloud::ops::declare::request!(
                        @put w, value, $ty, $step, $wire $(, $default)?
                    );
                )*
            }
        }
    };
    (@param $step:literal, -) => {
        $crate::cloud::ops::declare::extension($step)
    };
    (@param $step:literal, $wire:literal) => {
        $crate::cloud::ops::declare::param($step, $wire)
    };
    (@put $w:ident, $value:ident, $ty:ty, $step:literal, $wire:tt) => {
        $crate::cloud::ops::declare::WritesParam::<$ty>::put(
            $w,
            $crate::cloud::ops::declare::request!(@param $step, $wire),
            $value,
        )
    };
    // A value that is its default is left out, as a caller leaves it.
    (@put $w:ident, $value:ident, $ty:ty, $step:literal, $wire:tt, $default:expr) => {
        if *$value != $default {
            $crate::cloud::ops::declare::request!(@put $w, $value, $ty, $step, $wire);
        }
    };
    (@read $ty:ty) => { $ty };
    (@read $ty:ty, $default:expr) => { Option<$ty> };
    (@value $value:ident) => { $value };
    (@value $value:ident, $default:expr) => { $value.unwrap_or($default) };
}

/// Declares a request read as the raw fields of `$fields` (a `request!`)
/// and then [`Validated`]: its parameters are the fields', and both front
/// doors read it, and the journal writes it, through them.
macro_rules! validated {
    ($name:ty, $fields:ty) => {
        impl $crate::cloud::ops::declare::Declared for $name {
            const PARAMS: &'static [$crate::cloud::ops::declare::Param] =
                <$fields as $crate::cloud::ops::declare::Declared>::PARAMS;
        }

        impl<R> $crate::cloud::ops::Reads<$name> for R
        where
            R: $crate::cloud::ops::Reads<$fields>,
        {
            fn read(&mut self) -> Result<$name, R::Error> {
                let fields = $crate::cloud::ops::Reads::<$fields>::read(self)?;
                <$name as $crate::cloud::ops::declare::Validated>::validate(fields)
                    .map_err(|refusal| self.refuse(refusal))
            }
        }

        impl<W> $crate::cloud::ops::declare::Written<W> for $name
        where
            $fields: $crate::cloud::ops::declare::Written<W>,
        {
            fn write(&self, w: &mut W) {
                $crate::cloud::ops::declare::Written::write(
                    &<$name as $crate::cloud::ops::declare::Validated>::fields(self),
                    w,
                )
            }
        }
    };
}

pub(crate) use request;
pub(crate) use validated;

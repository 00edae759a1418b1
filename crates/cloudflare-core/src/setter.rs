//! What every generated builder setter does with the value it is given: convert it, and keep
//! the failure (a message naming the setter) for `send()` to report as
//! [`Error::InvalidInput`](crate::Error::InvalidInput) instead of failing at the call. One
//! line per setter in the generated code calls one of these.

use std::fmt::Display;

/// A builder field: the converted value, or why the conversion failed.
pub type Field<T> = Result<T, String>;

/// An optional request parameter (`page`, `per_page`, a filter).
pub fn some<T, V: TryInto<T>>(value: V, name: &str) -> Field<Option<T>> {
    value
        .try_into()
        .map(Some)
        .map_err(|_| conversion::<T>(name))
}

/// A required request parameter (a path parameter).
pub fn required<T, V: TryInto<T>>(value: V, name: &str) -> Field<T> {
    value.try_into().map_err(|_| conversion::<T>(name))
}

/// A request body, kept as its struct builder `B` (so `body_map` can change it further).
pub fn body<T, B: From<T>, V>(value: V, name: &str) -> Field<B>
where
    V: TryInto<T, Error: Display>,
{
    value
        .try_into()
        .map(From::from)
        .map_err(|e| format!("conversion to `{name}` for body failed: {e}"))
}

/// A union request body set through one of its variants' setters (`.tags([..])`): the
/// value converted, then `make` builds the body around it.
pub fn variant<T, U, V: TryInto<T>>(value: V, name: &str, make: impl FnOnce(T) -> U) -> Field<U> {
    value
        .try_into()
        .map(make)
        .map_err(|_| conversion::<T>(name))
}

/// A field of a request type's struct builder.
pub fn field<T, V>(value: V, name: &str) -> Field<T>
where
    V: TryInto<T, Error: Display>,
{
    value
        .try_into()
        .map_err(|e| format!("error converting supplied value for {name}: {e}"))
}

/// An optional field of a request type's struct builder, set from the value itself
/// (`.name("peer-1")`, not `.name(Some(..))`).
pub fn field_some<T, V>(value: V, name: &str) -> Field<Option<T>>
where
    V: TryInto<T, Error: Display>,
{
    field(value, name).map(Some)
}

fn conversion<T>(name: &str) -> String {
    format!(
        "conversion to `{}` for {name} failed",
        std::any::type_name::<T>()
    )
}

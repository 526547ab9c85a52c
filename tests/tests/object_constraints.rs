//! `minProperties` / `maxProperties`, `enum` on booleans and `required` members that
//! `properties` does not declare (tests/fixtures/object_constraints.yaml): the typed check
//! (`Validate`), the schema check of raw JSON (`from_json`, the server's 400s) and the mock's
//! examples agree on each.

use fixture_object_constraints::client::{Client, ClientError};
use fixture_object_constraints::models::{
    Account, Contact, DeleteAccountParams, Deleted, Labels, Metadata, Patch, Profile, Settings,
    Tagged,
};
use fixture_object_constraints::responses::{CreateAccountResponse, DeleteAccountResponse};
use fixture_object_constraints::{Model, Validate};
use serde_json::{Value, json};

/// The violations the typed check finds in `model`, one `location: message` line each.
fn typed<T: Validate>(model: &T) -> Vec<String> {
    match model.validate() {
        Ok(()) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// The violations the schema check finds in `value` (`from_json`).
fn raw<T: Model + std::fmt::Debug>(value: &Value) -> Vec<String> {
    match T::from_value(value.clone()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// Both checks of a JSON value that deserialises: the same violations.
fn both<T: Model + std::fmt::Debug>(value: Value) -> Vec<String> {
    let model: T = serde_json::from_value(value.clone()).expect("the JSON has the model's shape");
    let typed = typed(&model);
    assert_eq!(raw::<T>(&value), typed, "typed and raw checks of {value}");
    typed
}

const TOO_FEW: &str = ": must have at least 1 property (minProperties), found 0";

#[test]
fn a_struct_counts_declared_and_other_members() {
    assert_eq!(both::<Settings>(json!({})), [TOO_FEW]);
    assert_eq!(
        both::<Settings>(json!({"theme": "dark"})),
        Vec::<String>::new()
    );
    // Members the schema does not declare count, so the model keeps them.
    let settings: Settings =
        serde_json::from_value(json!({"theme": "dark", "font": "serif", "size": 3})).unwrap();
    assert_eq!(settings.additional_properties.len(), 2);
    assert_eq!(
        both::<Settings>(json!({"theme": "dark", "font": "serif", "size": 3})),
        [": must have at most 2 properties (maxProperties), found 3"]
    );
    assert_eq!(
        both::<Settings>(json!({"font": "serif"})),
        Vec::<String>::new()
    );
    // In code: the members the model writes.
    assert_eq!(typed(&Settings::default()), [TOO_FEW]);
    assert!(typed(&Settings::default().with_beta(true)).is_empty());
}

/// A count that the required members always meet checks nothing: the struct keeps no other
/// members for it and its JSON is read as a model's.
#[test]
fn a_count_required_members_meet_is_no_constraint() {
    let tagged = Tagged { id: "t".into() };
    assert!(typed(&tagged).is_empty());
    assert_eq!(
        raw::<Tagged>(&json!({"id": "t", "other": 1})),
        Vec::<String>::new()
    );
}

#[test]
fn merged_all_of_members_each_bring_their_counts() {
    assert_eq!(both::<Patch>(json!({})), [TOO_FEW]);
    assert_eq!(both::<Patch>(json!({"b": "x"})), Vec::<String>::new());
    assert_eq!(
        both::<Patch>(json!({"a": "x", "b": "y", "c": "z"})),
        [": must have at most 2 properties (maxProperties), found 3"]
    );
}

/// The JSON's members are what the spec counts: a member filled in from its default, or an
/// optional `null` the model drops, does not change that (the server checks such bodies as
/// raw JSON, see `the_server_lists_every_violation`).
#[test]
fn the_json_count_is_the_spec_count() {
    assert_eq!(raw::<Contact>(&json!({})), [TOO_FEW]);
    assert_eq!(raw::<Contact>(&json!({"tries": 1})), Vec::<String>::new());
    assert_eq!(
        raw::<Contact>(&json!({"fax": "1"})),
        ["/fax: is not allowed (additionalProperties)"]
    );
    // The model of `{}` writes its default `tries`: it holds one member.
    let contact: Contact = serde_json::from_value(json!({})).unwrap();
    assert_eq!(serde_json::to_value(&contact).unwrap(), json!({"tries": 3}));
    assert!(typed(&contact).is_empty());
    // A `null` counts in the JSON.
    assert!(raw::<Settings>(&json!({"beta": null})).is_empty());
}

#[test]
fn maps_count_their_entries() {
    let account = |labels: Value, flags: Value| json!({"settings": {"theme": "dark"}, "labels": labels, "flags": flags});
    assert_eq!(
        both::<Account>(account(json!({}), json!({}))),
        ["/labels: must have at least 1 property (minProperties), found 0"]
    );
    assert_eq!(
        both::<Account>(account(
            json!({"a": "1", "b": "2", "c": "3", "d": "toolong"}),
            json!({"x": false, "y": false, "z": true})
        )),
        [
            "/labels: must have at most 3 properties (maxProperties), found 4",
            "/labels/d: must be at most 5 characters long (maxLength), found 7",
            "/flags: must have at most 2 properties (maxProperties), found 3",
            "/flags/z: must be one of false (enum), found true",
        ]
    );
    let labels: Labels = [("a".to_owned(), "1".to_owned())].into();
    let account = Account::new(Settings::default().with_theme("dark")).with_labels(labels);
    assert!(typed(&account).is_empty());
}

#[test]
fn a_boolean_enum_keeps_a_bool_and_checks_its_value() {
    let deleted = Deleted::new("acct_1", true);
    let flag: bool = deleted.deleted;
    assert!(flag);
    assert!(typed(&deleted).is_empty());
    assert_eq!(
        both::<Deleted>(json!({"id": "acct_1", "deleted": false, "archived": true})),
        [
            "/deleted: must be one of true (enum), found false",
            "/archived: must be one of false (enum), found true",
        ]
    );
    assert_eq!(
        raw::<Deleted>(&json!({"id": "acct_1", "deleted": "yes"})),
        ["/deleted: must be a boolean, found a string"]
    );
}

#[test]
fn an_undeclared_required_member_is_a_field_of_any_json() {
    // Not kept by the schema's (absent) additionalProperties: a field of its own.
    let profile = Profile::new("Ada", json!({"short": "Ad"}));
    assert_eq!(profile.nickname, json!({"short": "Ad"}));
    assert!(typed(&profile).is_empty());
    assert_eq!(
        serde_json::to_value(&profile).unwrap(),
        json!({"name": "Ada", "nickname": {"short": "Ad"}})
    );
    assert_eq!(
        raw::<Profile>(&json!({"name": "Ada"})),
        ["/nickname: is required"]
    );
    assert!(serde_json::from_value::<Profile>(json!({"name": "Ada"})).is_err());
    // Any value will do, `null` too.
    assert_eq!(
        both::<Profile>(json!({"name": "Ada", "nickname": null})),
        Vec::<String>::new()
    );
}

#[test]
fn an_undeclared_required_member_of_a_kept_map_must_be_a_key() {
    assert_eq!(
        both::<Metadata>(json!({"version": 1})),
        ["/owner: is required"]
    );
    assert_eq!(
        both::<Metadata>(json!({"version": 1, "owner": ""})),
        ["/owner: must be at least 1 character long (minLength), found 0"]
    );
    let mut metadata = Metadata::new(1);
    assert_eq!(typed(&metadata), ["/owner: is required"]);
    metadata
        .additional_properties
        .insert("owner".into(), "ops".into());
    assert!(typed(&metadata).is_empty());
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = fixture_object_constraints::server::router(fixture_object_constraints::mock::Mock);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn the_server_lists_every_violation() {
    let base = serve().await;
    let http = reqwest::Client::new();
    let response = http
        .post(format!("{base}/accounts"))
        .json(&json!({
            "settings": {},
            "labels": {},
            "profile": {"name": "Ada"},
            "metadata": {"version": 1},
            "contact": {},
            "patch": {"a": "1", "b": "2", "c": "3"},
            "flags": {"x": true}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"],
        json!([
            "body/settings: must have at least 1 property (minProperties), found 0",
            "body/labels: must have at least 1 property (minProperties), found 0",
            "body/profile/nickname: is required",
            "body/metadata/owner: is required",
            "body/contact: must have at least 1 property (minProperties), found 0",
            "body/patch: must have at most 2 properties (maxProperties), found 3",
            "body/flags/x: must be one of false (enum), found true"
        ])
    );
    let response = http
        .delete(format!("{base}/accounts/acct_1?confirm=false"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"],
        json!(["query/confirm: must be one of true (enum), found false"])
    );
}

/// The mock answers with its examples, which the client reads and checks as responses.
#[tokio::test]
async fn the_client_and_the_mock_keep_to_the_constraints() {
    let client = Client::new(serve().await);
    let account = Account::new(Settings::default().with_locale("en"));
    let CreateAccountResponse::Created { body } = client.create_account(&account).await.unwrap()
    else {
        panic!("not the first success response");
    };
    assert!(typed(&body).is_empty());
    assert!(
        raw::<Account>(&serde_json::to_value(&body).unwrap()).is_empty(),
        "{body:?}"
    );

    let mut params = DeleteAccountParams::new("acct_1");
    params.confirm = Some(true);
    let DeleteAccountResponse::Ok { body } = client.delete_account(&params).await.unwrap();
    assert!(body.deleted);
    // A request the spec forbids never leaves the client.
    params.confirm = Some(false);
    let err = client.delete_account(&params).await.unwrap_err();
    assert!(matches!(err, ClientError::InvalidRequest(_)), "{err}");
    assert_eq!(
        err.to_string(),
        "the request breaks the spec:\nquery/confirm: must be one of true (enum), found false"
    );
    let bad = Account::new(Settings::default());
    let err = client.create_account(&bad).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "the request breaks the spec:\nbody/settings: must have at least 1 property (minProperties), found 0"
    );
}

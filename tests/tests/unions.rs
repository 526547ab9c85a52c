//! oneOf / anyOf (with and without a discriminator), additionalProperties next to properties,
//! and the uuid and byte formats, end to end: models, the server's checks, client and mock.

use fixture_unions::Validate;
use fixture_unions::models::{Dog, Labelled, Pet, PostValueBody, Shape, Tree};
use serde_json::json;

fn errors_of(v: &impl Validate) -> Vec<String> {
    match v.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn the_discriminator_picks_the_alternative() {
    let dog: Pet =
        serde_json::from_value(json!({"petType": "dog", "name": "Rex", "tag": "AAEC"})).unwrap();
    let Pet::Dog(Dog { tag, .. }) = &dog else {
        panic!("not a dog: {dog:?}")
    };
    assert_eq!(tag.as_deref().map(|t| t.as_slice()), Some(&[0u8, 1, 2][..]));
    assert_eq!(
        serde_json::to_value(&dog).unwrap(),
        json!({"petType": "dog", "name": "Rex", "tag": "AAEC"})
    );

    let cat: Pet =
        serde_json::from_value(json!({"petType": "cat", "name": "Tom", "lives": 12})).unwrap();
    assert!(matches!(cat, Pet::Cat(_)));
    assert_eq!(errors_of(&cat), ["/lives: must be at most 9 (maximum)"]);

    let bird = serde_json::from_value::<Pet>(json!({"petType": "bird", "name": "Tweety"}));
    assert!(
        bird.unwrap_err()
            .to_string()
            .contains("unknown variant `bird`")
    );
    let untagged = serde_json::from_value::<Pet>(json!({"name": "Tom"}));
    assert!(untagged.unwrap_err().to_string().contains("petType"));
    // additionalProperties: false on Dog.
    let extra = serde_json::from_value::<Pet>(json!({"petType": "dog", "name": "Rex", "x": 1}));
    assert!(extra.unwrap_err().to_string().contains("unknown field `x`"));
    // format: byte is base64.
    let bad_tag = serde_json::from_value::<Pet>(json!({"petType": "dog", "name": "R", "tag": "A"}));
    assert!(bad_tag.is_err());
}

#[test]
fn without_a_discriminator_the_first_valid_alternative_wins() {
    let n: PostValueBody = serde_json::from_value(json!(5)).unwrap();
    assert_eq!(n, PostValueBody::Integer(5));
    let s: PostValueBody = serde_json::from_value(json!("abc")).unwrap();
    assert_eq!(s, PostValueBody::String("abc".into()));
    // Only the integer alternative deserialises; its check then fails.
    let negative: PostValueBody = serde_json::from_value(json!(-1)).unwrap();
    assert_eq!(errors_of(&negative), [": must be at least 0 (minimum)"]);
    assert!(serde_json::from_value::<PostValueBody>(json!(true)).is_err());

    let circle: Shape = serde_json::from_value(json!({"radius": 2.5})).unwrap();
    assert!(matches!(circle, Shape::Circle(_)));
    let square: Shape = serde_json::from_value(json!({"side": 3})).unwrap();
    assert!(matches!(square, Shape::Square(_)));
    let bad: Shape = serde_json::from_value(json!({"radius": 0})).unwrap();
    assert_eq!(
        errors_of(&bad),
        ["/radius: must be greater than 0 (exclusiveMinimum)"]
    );
}

#[test]
fn recursive_unions_are_boxed() {
    let tree: Tree = serde_json::from_value(json!({"left": {"left": "leaf"}})).unwrap();
    let Tree::Node(node) = &tree else {
        panic!("{tree:?}")
    };
    let Tree::Node(inner) = &*node.left else {
        panic!("{tree:?}")
    };
    assert_eq!(*inner.left, Tree::String("leaf".into()));
    let empty: Tree = serde_json::from_value(json!({"left": {"left": ""}})).unwrap();
    assert_eq!(
        errors_of(&empty),
        ["/left/left: must be at least 1 character long (minLength), found 0"]
    );
}

#[test]
fn additional_properties_are_kept_and_checked() {
    let id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    let value = json!({"id": id, "colour": "red", "size": "enormous"});
    let labelled: Labelled = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(labelled.id.to_string(), id);
    assert_eq!(labelled.additional_properties["colour"], "red");
    assert!(!labelled.additional_properties.contains_key("id"));
    assert_eq!(
        errors_of(&labelled),
        ["/size: must be at most 5 characters long (maxLength), found 8"]
    );
    assert_eq!(serde_json::to_value(&labelled).unwrap(), value);
}

mod server {
    use super::*;

    /// Status and error list of a request to the mock.
    async fn call(
        base: &str,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let response = reqwest::Client::new()
            .request(method, format!("{base}{path}"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let body = if text.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        (status, body)
    }

    /// The router's messages: the fixture's error body is `{"message": "..."}`, so they come
    /// joined with `; `.
    fn messages(body: &serde_json::Value) -> Vec<&str> {
        body["message"]
            .as_str()
            .unwrap_or_default()
            .split("; ")
            .collect()
    }

    async fn mock() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = fixture_unions::server::router(fixture_unions::mock::Mock);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn bodies_are_checked_against_every_alternative() {
        let base = &mock().await;
        let post = reqwest::Method::POST;
        let (status, _) = call(base, post.clone(), "/values", json!(7)).await;
        assert_eq!(status, 200);
        // The string alternative is the closest (the integer one has the wrong type).
        let (status, body) = call(base, post.clone(), "/values", json!("abcd")).await;
        assert_eq!(status, 400);
        assert_eq!(
            messages(&body),
            [
                "body: must match one of the alternatives (oneOf)",
                "body: must be at most 3 characters long (maxLength), found 4"
            ]
        );
        // oneOf: matching both alternatives is an error.
        let (status, body) = call(base, post.clone(), "/either", json!({"a": 1, "b": 2})).await;
        assert_eq!(status, 400);
        assert_eq!(
            messages(&body),
            ["body: must match exactly one of the alternatives (oneOf), matches 2"]
        );
        let (status, _) = call(base, post.clone(), "/either", json!({"a": 1})).await;
        assert_eq!(status, 204);
        // The discriminator's alternative is checked, with every violation.
        let (status, body) = call(
            base,
            post.clone(),
            "/pets",
            json!({"petType": "cat", "name": "Tom the eleventh", "lives": 0}),
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(
            messages(&body),
            [
                "body/name: must be at most 10 characters long (maxLength), found 16",
                "body/lives: must be at least 1 (minimum)"
            ]
        );
        let (status, body) = call(base, post.clone(), "/pets", json!({"petType": "fish"})).await;
        assert_eq!(status, 400);
        assert_eq!(
            messages(&body),
            ["body/petType: must be one of cat, dog (enum)"]
        );
        let (status, body) = call(
            base,
            post.clone(),
            "/pets",
            json!({"petType": "dog", "name": "Rex", "x": 1, "tag": "A"}),
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(
            messages(&body),
            [
                "body/tag: must be a valid base64 string (RFC 4648, padded)",
                "body/x: is not allowed (additionalProperties)"
            ]
        );
        // anyOf: matching both alternatives is fine; a uuid parameter is checked.
        let id = "0f8fad5b-d9cb-469f-a165-70867728950e";
        let put = reqwest::Method::PUT;
        let both = json!({"radius": 1.5, "side": 2});
        let (status, body) = call(base, put.clone(), &format!("/shapes?id={id}"), both).await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = call(
            base,
            put.clone(),
            "/shapes?id=0f8fad5bd9cb469fa16570867728950e",
            json!(null),
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(
            messages(&body),
            ["query/id: must be a valid UUID (8-4-4-4-12 hexadecimal digits)"]
        );
    }

    #[tokio::test]
    async fn the_client_round_trips_unions_through_the_mock() {
        use fixture_unions::client::Client;
        use fixture_unions::models::PutShapeParams;
        use fixture_unions::responses::{AddPetResponse, PostValueResponse, PutShapeResponse};
        let client = Client::new(mock().await);
        let AddPetResponse::Created { body } = client
            .add_pet(&serde_json::from_value(json!({"petType": "dog", "name": "Rex"})).unwrap())
            .await
            .unwrap()
        else {
            panic!("not created")
        };
        assert!(errors_of(&body).is_empty(), "{body:?}");
        let id: fixture_unions::uuid::Uuid =
            "0f8fad5b-d9cb-469f-a165-70867728950e".parse().unwrap();
        let PutShapeResponse::Ok { body } = client
            .put_shape(&PutShapeParams::new(id), &None)
            .await
            .unwrap();
        assert!(errors_of(&body).is_empty(), "{body:?}");
        let PostValueResponse::Ok { body } =
            client.post_value(&PostValueBody::Integer(1)).await.unwrap();
        assert!(errors_of(&body).is_empty(), "{body:?}");
        // Refused locally: the string alternative is too long.
        let refused = client
            .post_value(&PostValueBody::String("long".into()))
            .await
            .unwrap_err();
        assert!(refused.to_string().contains("maxLength"), "{refused}");
    }
}
